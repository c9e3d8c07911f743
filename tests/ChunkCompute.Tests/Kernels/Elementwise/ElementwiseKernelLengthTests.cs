using System.Numerics;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Every operation on every length 0..256 (all SIMD widths and remainders) against a scalar reference, for double,
/// float, int, long, byte and short element types.
/// </summary>
public sealed class ElementwiseKernelLengthTests
{
    private static T[] Random<T>(Random rng, int n, bool positive = false)
        where T : unmanaged, INumber<T>
    {
        var a = new T[n];
        for (int i = 0; i < n; i++)
        {
            double v = typeof(T) == typeof(double) || typeof(T) == typeof(float) ? (rng.NextDouble() * 200) - 100 : rng.Next(-1000, 1000);
            if (positive)
            {
                v = Math.Abs(v) + 1;
            }

            a[i] = T.CreateTruncating(v);
        }

        return a;
    }

    private static void Binary<T>(Func<NdArray<T>, NdArray<T>, NdArray<T>> op, Func<T, T, T> reference, bool positiveY = false, int ulps = 0)
        where T : unmanaged, INumber<T>
    {
        var rng = new Random(42);
        for (int n = 0; n <= 256; n++)
        {
            var x = Random<T>(rng, n);
            var y = Random<T>(rng, n, positiveY);
            var r = op(NdArray.FromArray(x, n), NdArray.FromArray(y, n)).ToArray();
            for (int i = 0; i < n; i++)
            {
                var e = reference(x[i], y[i]);
                bool near = ulps > 0 && typeof(T) == typeof(double) && double.IsFinite(double.CreateTruncating(e))
                    && Math.Abs(BitConverter.DoubleToInt64Bits(double.CreateTruncating(r[i])) - BitConverter.DoubleToInt64Bits(double.CreateTruncating(e))) <= ulps;
                if (!(r[i].Equals(e) || (T.IsNaN(r[i]) && T.IsNaN(e)) || near))
                {
                    Assert.Fail($"n={n} i={i}: f({x[i]}, {y[i]}) = {r[i]}, expected {e}");
                }
            }
        }
    }

    private static void Unary<T>(Func<NdArray<T>, NdArray<T>> op, Func<T, T> reference, bool positive = false)
        where T : unmanaged, INumber<T>
    {
        var rng = new Random(7);
        for (int n = 0; n <= 256; n++)
        {
            var x = Random<T>(rng, n, positive);
            var r = op(NdArray.FromArray(x, n)).ToArray();
            for (int i = 0; i < n; i++)
            {
                var e = reference(x[i]);
                if (!(r[i].Equals(e) || (T.IsNaN(r[i]) && T.IsNaN(e))))
                {
                    Assert.Fail($"n={n} i={i}: f({x[i]}) = {r[i]}, expected {e}");
                }
            }
        }
    }

    private static void Compare<T>(Func<NdArray<T>, NdArray<T>, NdArray<bool>> op, Func<T, T, bool> reference)
        where T : unmanaged, INumber<T>
    {
        var rng = new Random(3);
        for (int n = 0; n <= 256; n++)
        {
            var x = Random<T>(rng, n);
            var y = rng.Next(3) == 0 ? (T[])x.Clone() : Random<T>(rng, n);
            var r = op(NdArray.FromArray(x, n), NdArray.FromArray(y, n)).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (r[i] != reference(x[i], y[i]))
                {
                    Assert.Fail($"n={n} i={i}: f({x[i]}, {y[i]}) = {r[i]}");
                }
            }
        }
    }

    [Test]
    public void AddSubtractMultiplyDivideDouble()
    {
        Binary<double>((a, b) => a + b, (a, b) => a + b);
        Binary<double>((a, b) => a - b, (a, b) => a - b);
        Binary<double>((a, b) => a * b, (a, b) => a * b);
        Binary<double>((a, b) => a / b, (a, b) => a / b);
    }

    [Test]
    public void ArithmeticFloatAndIntegersWrap()
    {
        Binary<float>((a, b) => a + b, (a, b) => a + b);
        Binary<int>((a, b) => a * b, (a, b) => unchecked(a * b));
        Binary<short>((a, b) => a * b, (a, b) => unchecked((short)(a * b)));
        Binary<byte>((a, b) => a - b, (a, b) => unchecked((byte)(a - b)));
        Binary<long>((a, b) => a + b, (a, b) => unchecked(a + b));
    }

    [Test]
    public void MinimumMaximum()
    {
        Binary<double>((a, b) => NdArray.Maximum(a, b), Math.Max);
        Binary<double>((a, b) => NdArray.Minimum(a, b), Math.Min);
        Binary<int>((a, b) => NdArray.Maximum(a, b), Math.Max);
        Binary<byte>((a, b) => NdArray.Minimum(a, b), Math.Min);
        Binary<float>((a, b) => NdArray.Maximum(a, b), MathF.Max);
    }

    [Test]
    public void RemainderFloorDividePower()
    {
        Binary<int>((a, b) => a % b, (a, b) => (((a % b) + b) % b), positiveY: true);
        Binary<long>((a, b) => NdArray.FloorDivide(a, b), (a, b) => (long)Math.Floor((double)a / b), positiveY: true);
        Binary<double>((a, b) => NdArray.FloorDivide(a, b), (a, b) => Math.Floor(a / b), positiveY: true);
        // Our vector pow (PowDoubleTests: within 1 ULP of correctly rounded) against libm's (0.52 ULP): equal, or
        // one apart where they round differently; C99's special values exactly.
        Binary<double>((a, b) => NdArray.Power(a, b), (a, b) => Math.Pow(a, b), ulps: 1);
        Binary<double>((a, b) => NdArray.Hypot(a, b), (a, b) => Math.Abs(double.Hypot(a, b) - Math.Sqrt((a * a) + (b * b))) <= Math.BitIncrement(double.Hypot(a, b)) - double.Hypot(a, b) ? Math.Sqrt((a * a) + (b * b)) : double.Hypot(a, b));
    }

    [Test]
    public void UnaryOperations()
    {
        Unary<double>(a => -a, a => -a);
        Unary<int>(a => NdArray.Abs(a), Math.Abs);
        Unary<double>(a => NdArray.Abs(a), Math.Abs);
        Unary<double>(a => NdArray.Sign(a), a => Math.Sign(a));
        Unary<long>(a => NdArray.Sign(a), a => Math.Sign(a));
        Unary<double>(a => NdArray.Sqrt(a), Math.Sqrt, positive: true);
        Unary<double>(a => NdArray.Floor(a), Math.Floor);
        Unary<double>(a => NdArray.Ceil(a), Math.Ceiling);
        Unary<double>(a => NdArray.Round(a * 0.5), a => Math.Round(a * 0.5, MidpointRounding.ToEven));
        Unary<int>(a => ~a, a => ~a);
    }

    [Test]
    public void Comparisons()
    {
        Compare<double>((a, b) => NdArray.Less(a, b), (a, b) => a < b);
        Compare<double>((a, b) => NdArray.Equal(a, b), (a, b) => a == b);
        Compare<int>((a, b) => NdArray.GreaterEqual(a, b), (a, b) => a >= b);
        Compare<byte>((a, b) => NdArray.NotEqual(a, b), (a, b) => a != b);
    }

    [Test]
    public void TernaryOperations()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 256; n++)
        {
            var x = Random<double>(rng, n);
            var y = Random<double>(rng, n);
            var z = Random<double>(rng, n);
            var fma = NdArray.FusedMultiplyAdd(NdArray.FromArray(x, n), NdArray.FromArray(y, n), NdArray.FromArray(z, n)).ToArray();
            var clip = NdArray.Clip(NdArray.FromArray(x, n), -10.0, 20.0).ToArray();
            var cond = x.Select(v => v > 0).ToArray();
            var where = NdArray.Where(NdArray.FromArray(cond, n), NdArray.FromArray(y, n), NdArray.FromArray(z, n)).ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.That(fma[i], Is.EqualTo(Math.FusedMultiplyAdd(x[i], y[i], z[i])), $"fma n={n} i={i}");
                Assert.That(clip[i], Is.EqualTo(Math.Min(Math.Max(x[i], -10), 20)), $"clip n={n} i={i}");
                Assert.That(where[i], Is.EqualTo(cond[i] ? y[i] : z[i]), $"where n={n} i={i}");
            }
        }
    }

    [Test]
    public void BoolOperators()
    {
        var rng = new Random(9);
        for (int n = 0; n <= 256; n += 3)
        {
            var x = Enumerable.Range(0, n).Select(_ => rng.Next(2) == 0).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.Next(2) == 0).ToArray();
            var a = NdArray.FromArray(x, n);
            var b = NdArray.FromArray(y, n);
            Assert.That((a + b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => p | q).ToArray()));
            Assert.That((a * b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => p & q).ToArray()));
            Assert.That((a ^ b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => p ^ q).ToArray()));
            Assert.That((~a).ToArray(), Is.EqualTo(x.Select(p => !p).ToArray()));
            Assert.That(NdArray.Less(a, b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => !p && q).ToArray()));
        }
    }
}
