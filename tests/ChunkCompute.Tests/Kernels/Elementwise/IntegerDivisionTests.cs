using System.Runtime.CompilerServices;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Integer <c>floor_divide</c>/<c>remainder</c> through float64 lanes (<see cref="IntegerDivision"/>) against the
/// scalar operators (themselves checked against NumPy fixtures) for every integer type: the cross product of
/// extremes (MinValue, MaxValue, 0, ±1, ±2^53 neighbours for 64-bit) and seeded values, divisors of zero and -1,
/// every length 0..300 (block and vector remainders), and 64-bit blocks mixing values above and below 2^53.
/// </summary>
public class IntegerDivisionTests
{
    [Test]
    public void EveryIntegerTypeMatchesTheScalarOperatorsOnExtremesAndRandomPairs()
    {
        Check<sbyte>();
        Check<byte>();
        Check<short>();
        Check<ushort>();
        Check<int>();
        Check<uint>();
        Check<long>();
        Check<ulong>();
    }

    [Test]
    public void EveryLengthMatchesElementByElement()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 300; n++)
        {
            var x = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.Next(8) == 0 ? 0 : rng.Next(-1000, 1000)).ToArray();
            Same(x, y, $"n={n}");
        }
    }

    [Test]
    public void NumPyResultsForTheEdgeCases()
    {
        // np.floor_divide / np.remainder (NumPy 1.24, int32): y == 0 gives 0, MinValue // -1 wraps, signs follow y.
        using var x = NdArray.FromArray(new[] { 7, -7, 7, -7, int.MinValue, int.MinValue, 5, 0, int.MaxValue });
        using var y = NdArray.FromArray(new[] { 2, 2, -2, -2, -1, 0, 0, 3, -1 });
        Assert.That(NdArray.FloorDivide(x, y).ToArray(), Is.EqualTo(new[] { 3, -4, -4, 3, int.MinValue, 0, 0, 0, -int.MaxValue }));
        Assert.That(NdArray.Remainder(x, y).ToArray(), Is.EqualTo(new[] { 1, 1, -1, -1, 0, 0, 0, 0, 0 }));
        using var big = NdArray.FromArray(new[] { long.MinValue, (1L << 53) + 1, -(1L << 53) - 3, 1_700_000_000_123L });
        using var by = NdArray.FromArray(new[] { -1L, 2L, 2L, 1000L });
        Assert.That(NdArray.FloorDivide(big, by).ToArray(), Is.EqualTo(new[] { long.MinValue, 1L << 52, -(1L << 52) - 2, 1_700_000_000L }));
        Assert.That(NdArray.Remainder(big, by).ToArray(), Is.EqualTo(new[] { 0L, 1L, 1L, 123L }));
    }

    [Test]
    public void ScalarDivisorsMatchTheScalarOperators()
    {
        // A broadcast divisor takes the reciprocal path (a multiply and one exact correction step, 8- to 32-bit
        // types): every dividend of the 8- and 16-bit types, and for 32-bit the dividends next to multiples of the
        // divisor (k d - 1, k d, k d + 1, where a rounded reciprocal lands on the wrong side) and the extremes.
        CheckScalarDivisors<sbyte>(exhaustive: true);
        CheckScalarDivisors<byte>(exhaustive: true);
        CheckScalarDivisors<short>(exhaustive: true);
        CheckScalarDivisors<ushort>(exhaustive: true);
        CheckScalarDivisors<int>(exhaustive: false);
        CheckScalarDivisors<uint>(exhaustive: false);
    }

    [Test]
    public void ScalarDivisorsAtEveryLengthAndInPlace()
    {
        var rng = new Random(9);
        foreach (int d in new[] { 7, -7, 1, -1, 0, int.MinValue, int.MaxValue, 3, -65536 })
        {
            for (int n = 0; n <= 300; n++)
            {
                var x = Enumerable.Range(0, n).Select(_ => rng.Next(8) == 0 ? int.MinValue : rng.Next(int.MinValue, int.MaxValue)).ToArray();
                var y = Enumerable.Repeat(d, n).ToArray();
                Same(x, y, $"d={d} n={n}");
                var q = (int[])x.Clone();
                var r = (int[])x.Clone();
                FloorDivideKernel<int>.Invoke(q, y, q);
                RemainderKernel<int>.Invoke(r, y, r);
                Assert.That(q, Is.EqualTo(x.Select(v => FloorDivideOperator<int>.Invoke(v, d)).ToArray()), $"in place: // {d}, n={n}");
                Assert.That(r, Is.EqualTo(x.Select(v => RemainderOperator<int>.Invoke(v, d)).ToArray()), $"in place: % {d}, n={n}");
            }
        }
    }

    [Test]
    public void ScalarDivisorsOfNarrowAndUnsignedTypesAtEveryLength()
    {
        // The blocked path (every type but int32 on AVX-512): whole 256-value blocks and the partial last one.
        var rng = new Random(13);
        for (int n = 0; n <= 300; n++)
        {
            var s8 = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(sbyte.MinValue, sbyte.MaxValue + 1)).ToArray();
            var s16 = Enumerable.Range(0, n).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            var u32 = Enumerable.Range(0, n).Select(_ => (uint)rng.NextInt64(0, 1L << 32)).ToArray();
            foreach (int d in new[] { 7, -7, -1, 3 })
            {
                Same(s8, Enumerable.Repeat((sbyte)d, n).ToArray(), $"int8 by {d}, n={n}");
                Same(s16, Enumerable.Repeat((short)d, n).ToArray(), $"int16 by {d}, n={n}");
            }

            Same(u32, Enumerable.Repeat(7u, n).ToArray(), $"uint32 by 7, n={n}");
            Same(u32, Enumerable.Repeat(uint.MaxValue, n).ToArray(), $"uint32 by MaxValue, n={n}");
        }
    }

    [Test]
    public void PublicOperatorsWithAScalarDivisorOnStridedArrays()
    {
        // np.arange(-600, 600).reshape(40, 30)[::-3, 1::2] // 7 and % -7, and // 0 (NumPy gives zeros).
        using var m = NdArray.FromArray(Enumerable.Range(-600, 1200).ToArray()).Reshape(40, 30);
        using var view = m["::-3, 1::2"];
        var x = view.ToArray();
        Assert.That(NdArray.FloorDivide(view, NdArray.Scalar(7)).ToArray(), Is.EqualTo(x.Select(v => (int)Math.Floor(v / 7.0)).ToArray()));
        Assert.That(NdArray.Remainder(view, NdArray.Scalar(-7)).ToArray(), Is.EqualTo(x.Select(v => v - (-7 * (int)Math.Floor(v / -7.0))).ToArray()));
        Assert.That(NdArray.FloorDivide(view, NdArray.Scalar(0)).ToArray(), Is.All.EqualTo(0));
        Assert.That(NdArray.Remainder(view, NdArray.Scalar(0)).ToArray(), Is.All.EqualTo(0));
    }

    private static void CheckScalarDivisors<T>(bool exhaustive)
        where T : unmanaged, System.Numerics.INumber<T>, System.Numerics.IMinMaxValue<T>
    {
        var rng = new Random(typeof(T).Name.Length * 17);
        var divisors = new List<T> { T.MinValue, T.MaxValue, T.MaxValue - T.One, T.Zero, T.One };
        for (int k = 1; k < Unsafe.SizeOf<T>() * 8; k++)
        {
            T p = T.CreateTruncating(1L << k);
            divisors.AddRange(new[] { p, p - T.One, p + T.One });
        }

        for (int v = 2; v <= 20; v++)
        {
            divisors.Add(T.CreateTruncating(v));
        }

        for (int i = 0; i < 20; i++)
        {
            divisors.Add(T.CreateTruncating(rng.NextInt64(long.CreateTruncating(T.MinValue), long.CreateTruncating(T.MaxValue) + 1)));
        }

        if (T.IsNegative(T.MinValue))
        {
            divisors.AddRange(divisors.Where(d => d > T.Zero && d != T.MaxValue).Select(d => T.Zero - d).ToArray());
            divisors.Add(T.MinValue + T.One);
        }

        foreach (var d in divisors.Distinct())
        {
            var xs = new List<T>();
            if (exhaustive)
            {
                for (long v = long.CreateTruncating(T.MinValue); v <= long.CreateTruncating(T.MaxValue); v++)
                {
                    xs.Add(T.CreateTruncating(v));
                }
            }
            else
            {
                xs.AddRange(new[] { T.MinValue, T.MinValue + T.One, T.MaxValue, T.MaxValue - T.One, T.Zero, T.One, T.Zero - T.One });
                long dd = long.CreateTruncating(d);
                long lo = long.CreateTruncating(T.MinValue), hi = long.CreateTruncating(T.MaxValue);
                for (int i = 0; i < 600; i++)
                {
                    // Multiples of d across the whole range, the largest ones and the smallest, and their neighbours.
                    long k = i < 200 ? rng.NextInt64(lo, hi + 1) / Math.Max(1, Math.Abs(dd)) : i < 400 ? (hi / Math.Max(1, Math.Abs(dd))) - (i - 200) : i - 400;
                    foreach (long sign in new[] { 1L, -1L })
                    {
                        for (long delta = -1; delta <= 1; delta++)
                        {
                            long v = (sign * k * dd) + delta;
                            if (v >= lo && v <= hi)
                            {
                                xs.Add(T.CreateTruncating(v));
                            }
                        }
                    }
                }

                for (int i = 0; i < 400; i++)
                {
                    xs.Add(T.CreateTruncating(rng.NextInt64(lo, hi + 1)));
                }
            }

            var y = Enumerable.Repeat(d, xs.Count).ToArray();
            Same(xs.ToArray(), y, $"{typeof(T).Name} by {d}");
        }
    }

    private static void Check<T>()
        where T : unmanaged, System.Numerics.INumber<T>, System.Numerics.IMinMaxValue<T>
    {
        var rng = new Random(typeof(T).Name.Length * 31);
        var values = new List<T> { T.MinValue, T.MaxValue, T.Zero, T.One, T.MaxValue - T.One };
        if (T.IsNegative(T.MinValue))
        {
            values.Add(T.Zero - T.One);
            values.Add(T.MinValue + T.One);
            values.Add(T.Zero - T.One - T.One);
        }

        if (Unsafe.SizeOf<T>() == 8)
        {
            foreach (long v in new[] { (1L << 53) - 1, 1L << 53, (1L << 53) + 1, -(1L << 53) + 1, -(1L << 53), -(1L << 53) - 1 })
            {
                values.Add(T.CreateTruncating(v));
            }
        }

        for (int i = 0; i < 150; i++)
        {
            ulong bits = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40);
            bits >>= rng.Next(64); // small and large magnitudes
            values.Add(Unsafe.As<ulong, T>(ref bits));
        }

        var xs = new List<T>();
        var ys = new List<T>();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                xs.Add(a);
                ys.Add(b);
            }
        }

        Same(xs.ToArray(), ys.ToArray(), typeof(T).Name);

        // 64-bit: blocks entirely below 2^53 take the lanes; sorted by magnitude so both kinds of block occur.
        var order = Enumerable.Range(0, xs.Count).OrderBy(i => Math.Abs(double.CreateTruncating(xs[i]))).ToArray();
        Same(order.Select(i => xs[i]).ToArray(), order.Select(i => ys[i]).ToArray(), typeof(T).Name + " sorted");
    }

    private static void Same<T>(T[] x, T[] y, string what)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var q = new T[x.Length];
        var r = new T[x.Length];
        FloorDivideKernel<T>.Invoke(x, y, q);
        RemainderKernel<T>.Invoke(x, y, r);
        for (int i = 0; i < x.Length; i++)
        {
            // Compared first, asserted only on a difference: the sweeps make millions of comparisons.
            T eq = FloorDivideOperator<T>.Invoke(x[i], y[i]), er = RemainderOperator<T>.Invoke(x[i], y[i]);
            if (q[i] != eq || r[i] != er)
            {
                Assert.That(q[i], Is.EqualTo(eq), $"{what}: {x[i]} // {y[i]}");
                Assert.That(r[i], Is.EqualTo(er), $"{what}: {x[i]} % {y[i]}");
            }
        }
    }
}
