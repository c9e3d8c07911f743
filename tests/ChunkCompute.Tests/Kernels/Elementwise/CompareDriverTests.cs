using System.Numerics;
using ChunkCompute.Kernels.Elementwise;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The vectorised comparisons (<see cref="CompareDriver"/>), and isnan/isfinite through it: every operator on every element type, lengths 0..200
/// (whole byte vectors and every tail), values with many ties, and for floats NaN, ±0 and ±Inf, against the C#
/// operators element by element; the bools are 0 or 1 bytes. Also through the public API on a broadcast scalar.
/// </summary>
[TestFixture]
public sealed class CompareDriverTests
{
    [Test]
    public void EveryTypeEveryOperatorEveryLength()
    {
        Check<sbyte>(r => (sbyte)r.Next(-3, 4));
        Check<byte>(r => (byte)r.Next(0, 4));
        Check<short>(r => (short)r.Next(-3, 4));
        Check<ushort>(r => (ushort)r.Next(0, 4));
        Check<int>(r => r.Next(-3, 4) * 1_000_000);
        Check<uint>(r => (uint)r.Next(0, 4) * 1_000_000_000u);
        Check<long>(r => r.Next(-3, 4) * (1L << 40));
        Check<ulong>(r => (ulong)r.Next(0, 4) << 62);
        float[] fs = [0f, -0f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-45f];
        Check<float>(r => fs[r.Next(fs.Length)]);
        double[] ds = [0.0, -0.0, 1.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 5e-324];
        Check<double>(r => ds[r.Next(ds.Length)]);
        Check<Half>(r => (Half)fs[r.Next(fs.Length)]);
    }

    [Test]
    public void IsNaNAndIsFiniteEveryTypeEveryLength()
    {
        float[] fs = [0f, -0f, 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, -float.MaxValue];
        double[] ds = [0.0, -0.0, 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001)];
        Predicates<float>(r => fs[r.Next(fs.Length)]);
        Predicates<double>(r => ds[r.Next(ds.Length)]);
        Predicates<Half>(r => (Half)fs[r.Next(fs.Length)]);
        Predicates<int>(r => r.Next(-2, 2) * int.MaxValue);
        Predicates<byte>(r => (byte)r.Next(256));
        Predicates<long>(r => r.Next(-2, 2) * long.MaxValue);
    }

    [Test]
    public void PublicOperatorsOnABroadcastScalar()
    {
        var x = new float[1000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i % 7 == 0 ? float.NaN : (i % 5) - 2f;
        }

        using var a = NdArray.FromArray(x);
        using var gt = a > 0f;
        using var le = a <= 0f;
        for (int i = 0; i < x.Length; i++)
        {
            Assert.That(gt[i], Is.EqualTo(x[i] > 0f), $"i {i}");
            Assert.That(le[i], Is.EqualTo(x[i] <= 0f), $"i {i}");
        }
    }

    private static void Check<T>(Func<Random, T> next)
        where T : unmanaged, INumber<T>
    {
        var rng = new Random(41);
        for (int n = 0; n <= 200; n++)
        {
            var x = new T[n];
            var y = new T[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = next(rng);
                y[i] = next(rng);
            }

            Run<T, EqualKernel<T>>(x, y, (a, b) => a == b, "==");
            Run<T, NotEqualKernel<T>>(x, y, (a, b) => a != b, "!=");
            Run<T, LessKernel<T>>(x, y, (a, b) => a < b, "<");
            Run<T, LessEqualKernel<T>>(x, y, (a, b) => a <= b, "<=");
            Run<T, GreaterKernel<T>>(x, y, (a, b) => a > b, ">");
            Run<T, GreaterEqualKernel<T>>(x, y, (a, b) => a >= b, ">=");
        }
    }

    private static void Predicates<T>(Func<Random, T> next)
        where T : unmanaged, INumberBase<T>
    {
        var rng = new Random(43);
        for (int n = 0; n <= 200; n++)
        {
            var x = new T[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = next(rng);
            }

            var nan = new bool[n];
            var finite = new bool[n];
            IsNaNKernel<T>.Invoke(x, nan);
            IsFiniteKernel<T>.Invoke(x, finite);
            for (int i = 0; i < n; i++)
            {
                Assert.That(System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref nan[i]), Is.EqualTo(T.IsNaN(x[i]) ? (byte)1 : (byte)0), $"{typeof(T).Name} isnan({x[i]}) n {n} i {i}");
                Assert.That(System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref finite[i]), Is.EqualTo(T.IsFinite(x[i]) ? (byte)1 : (byte)0), $"{typeof(T).Name} isfinite({x[i]}) n {n} i {i}");
            }
        }
    }

    private static void Run<T, TK>(T[] x, T[] y, Func<T, T, bool> expected, string op)
        where T : unmanaged
        where TK : IBinaryKernel<T, T, bool>
    {
        var d = new bool[x.Length];
        TK.Invoke(x, y, d);
        for (int i = 0; i < x.Length; i++)
        {
            byte raw = System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref d[i]);
            Assert.That(raw, Is.EqualTo(expected(x[i], y[i]) ? (byte)1 : (byte)0), $"{typeof(T).Name}: {x[i]} {op} {y[i]}, n {x.Length}, i {i}");
        }
    }
}
