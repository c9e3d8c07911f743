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
            Assert.That(q[i], Is.EqualTo(FloorDivideOperator<T>.Invoke(x[i], y[i])), $"{what}: {x[i]} // {y[i]}");
            Assert.That(r[i], Is.EqualTo(RemainderOperator<T>.Invoke(x[i], y[i])), $"{what}: {x[i]} % {y[i]}");
        }
    }
}
