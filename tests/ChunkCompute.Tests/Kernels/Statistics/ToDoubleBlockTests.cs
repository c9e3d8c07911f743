using System.Numerics;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>The block conversion equals a scalar cast per element for every type and length 0..40, extremes included.</summary>
public class ToDoubleBlockTests
{
    [Test]
    public void EveryTypeAndLengthMatchesScalarCast()
    {
        var rng = new Random(31);
        for (int n = 0; n <= 40; n++)
        {
            Check(n, i => rng.NextDouble() * 1e300 * (i % 2 == 0 ? 1 : -1));
            Check(n, i => (float)rng.NextDouble() * (i % 3 == 0 ? float.MaxValue : float.Epsilon));
            Check(n, i => i % 5 == 0 ? long.MaxValue - i : i % 5 == 1 ? long.MinValue + i : (1L << 53) + 1 + rng.NextInt64(1 << 20));
            Check(n, i => i % 4 == 0 ? ulong.MaxValue - (ulong)i : (1UL << 63) + 1 + (ulong)rng.NextInt64(1 << 20));
            Check(n, i => i % 3 == 0 ? int.MinValue : rng.Next());
            Check(n, i => i % 3 == 0 ? uint.MaxValue : (uint)rng.Next());
            Check(n, i => (short)rng.Next(short.MinValue, short.MaxValue + 1));
            Check(n, i => (ushort)rng.Next(0, ushort.MaxValue + 1));
            Check(n, i => (sbyte)rng.Next(-128, 128));
            Check(n, i => (byte)rng.Next(0, 256));
            Check(n, i => (Half)(rng.NextDouble() * 100));
        }
    }

    private static void Check<T>(int n, Func<int, T> make)
        where T : unmanaged, INumberBase<T>
    {
        var x = Enumerable.Range(0, n).Select(make).ToArray();
        var d = new double[n + 3];
        Array.Fill(d, -7.0);
        ToDoubleBlock.Convert<T>(x, d);
        Assert.That(d[..n], Is.EqualTo(x.Select(double.CreateTruncating).ToArray()), $"{typeof(T).Name} n={n}");
        Assert.That(d[n..], Is.All.EqualTo(-7.0), $"{typeof(T).Name} n={n}: wrote past the end");
    }
}
