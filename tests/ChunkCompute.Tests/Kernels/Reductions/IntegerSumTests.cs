using System.Runtime.CompilerServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Sums of every integer type and bool (NumPy: int64 for signed types and bool, uint64 for unsigned ones, wrapping)
/// through the widening vector lanes: whole arrays of every length 0..256 and beyond one block, axis-0 (column) and
/// axis-1 (dense run) sums at every width 1..70, extremes that wrap, and bools stored as bytes other than 0 and 1.
/// The reference is a plain checked-free scalar loop over the values as 64-bit integers.
/// </summary>
public class IntegerSumTests
{
    [Test]
    public void WholeSumsOfEveryIntegerTypeMatchTheScalarLoopAtEveryLength()
    {
        var lengths = Enumerable.Range(0, 257).Concat([1000, 4095, 4096, 4097, 70_001]);
        foreach (int n in lengths)
        {
            var raw = Values(n, (ulong)(7 + n));
            Check<sbyte>(raw, n);
            Check<byte>(raw, n);
            Check<short>(raw, n);
            Check<ushort>(raw, n);
            Check<int>(raw, n);
            Check<uint>(raw, n);
            Check<long>(raw, n);
            Check<ulong>(raw, n);
            Check<bool>(raw, n);
        }

        static void Check<T>(ulong[] raw, int n)
            where T : unmanaged
        {
            var xs = raw.Select(FromBits<T>).ToArray();
            using var a = NdArray.FromArray(xs);
            Assert.That(SumBits(NdArray.Sum(a)), Is.EqualTo(Reference(xs)), $"{typeof(T).Name} n={n}");
            Assert.That(WideningSum.Sum<T>(xs), Is.EqualTo(Reference(xs)), $"{typeof(T).Name} n={n} (kernel)");
        }
    }

    [Test]
    public void ColumnAndRowSumsOfEveryIntegerTypeMatchEachColumnAndRowAlone()
    {
        for (int w = 1; w <= 70; w++)
        {
            int rows = 1 + (w % 9);
            var raw = Values(rows * w, (ulong)(500 + w));
            Check<sbyte>(raw, rows, w);
            Check<byte>(raw, rows, w);
            Check<short>(raw, rows, w);
            Check<ushort>(raw, rows, w);
            Check<int>(raw, rows, w);
            Check<uint>(raw, rows, w);
            Check<long>(raw, rows, w);
            Check<ulong>(raw, rows, w);
            Check<bool>(raw, rows, w);
        }

        static void Check<T>(ulong[] raw, int rows, int w)
            where T : unmanaged
        {
            var xs = raw.Select(FromBits<T>).ToArray();
            using var m = NdArray.FromArray(xs).Reshape(rows, w);
            var s0 = Bits(NdArray.Sum(m, 0));
            var s1 = Bits(NdArray.Sum(m, 1));
            for (int c = 0; c < w; c++)
            {
                var col = Enumerable.Range(0, rows).Select(r => xs[(r * w) + c]).ToArray();
                Assert.That(s0[c], Is.EqualTo(Reference(col)), $"{typeof(T).Name} axis 0 w={w} c={c}");
            }

            for (int r = 0; r < rows; r++)
            {
                Assert.That(s1[r], Is.EqualTo(Reference(xs.AsSpan(r * w, w).ToArray())), $"{typeof(T).Name} axis 1 w={w} r={r}");
            }
        }
    }

    [Test]
    public void WideColumnSumsWrapLikeNumPyUnderAnySettings()
    {
        // All values at the type's maximum (and minimum for signed types) over 5,000 rows: int32 and uint32 sums
        // leave the 32-bit range, int64/uint64 ones wrap; tiles wider than one vector and than one thread's share.
        foreach (var s in new[] { ExecutionSettings.Sequential, new ExecutionSettings(2), new ExecutionSettings(3) { MinimumElementsPerTask = 1 } })
        {
            Expect<int>(int.MaxValue, 5000L * int.MaxValue, s);
            Expect<int>(int.MinValue, 5000L * int.MinValue, s);
            Expect<uint>(uint.MaxValue, 5000L * uint.MaxValue, s);
            Expect<long>(long.MaxValue, unchecked(5000L * long.MaxValue), s);
            Expect<ulong>(ulong.MaxValue, unchecked((long)(5000UL * ulong.MaxValue)), s);
            Expect<sbyte>(sbyte.MinValue, 5000L * sbyte.MinValue, s);
            Expect<ushort>(ushort.MaxValue, 5000L * ushort.MaxValue, s);
        }

        static void Expect<T>(T value, long expected, ExecutionSettings s)
            where T : unmanaged
        {
            using var m = NdArray.Full([5000, 301], value);
            var sums = Bits(NdArray.Sum(m, 0, false, s));
            Assert.That(sums, Is.All.EqualTo(expected), $"{typeof(T).Name} {value} {s}");
            Assert.That(SumBits(NdArray.Sum(m, (int?)null, false, s)), Is.EqualTo(unchecked(expected * 301)), $"{typeof(T).Name} whole {s}");
        }
    }

    [Test]
    public void BoolsStoredAsOtherNonzeroBytesSumAsOne()
    {
        // A bool array over raw bytes (e.g. a view of foreign memory) may hold 2..255 for true; NumPy's bool
        // sums count trues, and so do the vector lanes.
        var bytes = Enumerable.Range(0, 200).Select(i => (byte)(i % 4 == 0 ? 0 : i)).ToArray();
        var bools = bytes.Select(b => Unsafe.As<byte, bool>(ref b)).ToArray();
        using var a = NdArray.FromArray(bools);
        Assert.That(SumBits(NdArray.Sum(a)), Is.EqualTo(150));
        using var m = a.Reshape(4, 50);
        Assert.That(Bits(NdArray.Sum(m, 0)).Sum(), Is.EqualTo(150));
        Assert.That(Bits(NdArray.Sum(m, 0)), Is.All.InRange(0, 4));
    }

    private static ulong[] Values(int n, ulong seed)
    {
        var rng = new Random((int)seed);
        var extremes = new ulong[] { 0, 1, ulong.MaxValue, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, long.MaxValue, 1UL << 63 };
        var v = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = rng.Next(4) == 0 ? extremes[rng.Next(extremes.Length)] : (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 32);
        }

        return v;
    }

    /// <summary>The low bytes of <paramref name="bits"/> as a <typeparamref name="T"/>; a bool takes any byte value.</summary>
    private static T FromBits<T>(ulong bits)
        where T : unmanaged => Unsafe.As<ulong, T>(ref bits);

    /// <summary>The sum as NumPy computes it: each value as a 64-bit integer (bool as 0/1), wrapping.</summary>
    private static long Reference<T>(T[] xs)
        where T : unmanaged
    {
        long sum = 0;
        foreach (T x in xs)
        {
            long v = x switch
            {
                sbyte b => b,
                byte b => b,
                short b => b,
                ushort b => b,
                int b => b,
                uint b => b,
                long b => b,
                ulong b => unchecked((long)b),
                bool b => b ? 1 : 0,
                _ => throw new NotSupportedException(typeof(T).Name),
            };
            sum = unchecked(sum + v);
        }

        return sum;
    }

    private static long SumBits(NdArray sum) => Bits(sum).Single();

    private static long[] Bits(NdArray sum) => sum switch
    {
        NdArray<long> l => l.ToArray(),
        NdArray<ulong> u => u.ToArray().Select(v => unchecked((long)v)).ToArray(),
        _ => throw new AssertionException($"integer sum has dtype {sum.DType}"),
    };
}
