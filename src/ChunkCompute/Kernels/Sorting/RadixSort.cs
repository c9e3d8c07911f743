using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// Least-significant-digit radix sort of <see cref="OrderKey"/> keys, 8-bit digits, stable, optionally carrying
/// the elements' indices (argsort). One read of the row makes the keys and the histograms of every digit; a digit
/// whose values are all equal (the high bits of narrow types, the exponent bits of data in a small range) costs no
/// pass. Each pass scatters keys (and indices) into a second buffer by the digit's prefix sums, so equal keys keep
/// their order: ties in argsort keep index order, as NumPy's <c>kind='stable'</c>. O(n) work and 16–24 bytes of
/// native scratch per element; used from <see cref="MinLength"/> elements up to <see cref="MaxLength"/>, where it beat
/// the comparison sorts it replaces (bench/README.md, "Sort").
/// </summary>
internal static class RadixSort
{
    /// <summary>Shortest row sorted by radix: below it the comparison sorts' lower constant wins.</summary>
    public const int MinLength = 4096;

    /// <summary>Longest row sorted by radix: its scratch is 16 bytes per element for a sort, 24 for an argsort (3 GiB here).</summary>
    public const int MaxLength = 1 << 27;

    private const int DigitBits = 8;
    private const int Radix = 1 << DigitBits;

    /// <summary>
    /// Whether a row of <paramref name="n"/> elements of <typeparamref name="T"/> goes through the radix sort. Not bool:
    /// a true stored as a byte other than 1 would get its own key and break ties by byte value instead of index.
    /// </summary>
    public static bool Applies<T>(int n)
        where T : unmanaged => n >= MinLength && n <= MaxLength && typeof(T) != typeof(bool);

    /// <summary>
    /// Writes into <paramref name="order"/> the indices that sort <paramref name="row"/>: NaN last, ties (−0 and +0
    /// included, and NaNs among themselves) in index order.
    /// </summary>
    public static void ArgSort<T>(ReadOnlySpan<T> row, Span<long> order)
        where T : unmanaged
    {
        int n = row.Length;
        int bits = OrderKey.Bits<T>();
        // Every NaN gets the largest key of the type's width (OrderKey.NaNKey is 2^64 - 1 whatever the width, which
        // would add digits to narrow types); only NaN reaches it: +inf's key is below it for every float width.
        ulong nanKey = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        int digits = Digits(bits);
        var counts = new int[digits * Radix];
        using var scratch = new Scratch(n, withIndex: true);
        var keys = scratch.Keys;
        var index = scratch.Index;
        for (int i = 0; i < n; i++)
        {
            T x = row[i];
            ulong k = ScalarCompare.IsNaN(x) ? nanKey : OrderKey.ToKey(IsZero(x) ? default : x); // −0 ties with +0
            keys[i] = k;
            index[i] = i;
            Count(counts, k, digits);
        }

        bool second = Sort(scratch, counts, digits, withIndex: true);
        var sorted = second ? scratch.Index2 : index;
        for (int i = 0; i < n; i++)
        {
            order[i] = sorted[i];
        }
    }

    /// <summary>Sorts <paramref name="values"/> (no NaN) in place, bit for bit (−0 before +0).</summary>
    public static void SortValues<T>(Span<T> values)
        where T : unmanaged
    {
        int n = values.Length;
        int digits = Digits(OrderKey.Bits<T>());
        var counts = new int[digits * Radix];
        using var scratch = new Scratch(n, withIndex: false);
        var keys = scratch.Keys;
        for (int i = 0; i < n; i++)
        {
            ulong k = OrderKey.ToKey(values[i]);
            keys[i] = k;
            Count(counts, k, digits);
        }

        var sorted = Sort(scratch, counts, digits, withIndex: false) ? scratch.Keys2 : keys;
        for (int i = 0; i < n; i++)
        {
            values[i] = OrderKey.FromKey<T>(sorted[i]);
        }
    }

    /// <summary>Digits that cover keys of <paramref name="bits"/> bits.</summary>
    private static int Digits(int bits) => (bits + DigitBits - 1) / DigitBits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Count(int[] counts, ulong key, int digits)
    {
        for (int d = 0; d < digits; d++)
        {
            counts[(d * Radix) + (int)((key >> (d * DigitBits)) & (Radix - 1))]++;
        }
    }

    /// <summary>
    /// The LSD passes over the digits whose values differ, back and forth between the scratch's two buffers; returns
    /// whether the result ended in the second ones (<see cref="Scratch.Keys2"/>, <see cref="Scratch.Index2"/>).
    /// </summary>
    private static bool Sort(in Scratch scratch, int[] counts, int digits, bool withIndex)
    {
        int n = scratch.Keys.Length;
        bool second = false;
        var offsets = new int[Radix];
        for (int d = 0; d < digits; d++)
        {
            var hist = counts.AsSpan(d * Radix, Radix);
            if (hist.Contains(n))
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            int sum = 0;
            for (int b = 0; b < Radix; b++)
            {
                offsets[b] = sum;
                sum += hist[b];
            }

            var src = second ? scratch.Keys2 : scratch.Keys;
            var dst = second ? scratch.Keys : scratch.Keys2;
            if (withIndex)
            {
                Scatter(src, second ? scratch.Index2 : scratch.Index, dst, second ? scratch.Index : scratch.Index2, offsets, d * DigitBits);
            }
            else
            {
                Scatter(src, dst, offsets, d * DigitBits);
            }

            second = !second;
        }

        return second;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<ulong> src, Span<ulong> dst, int[] offsets, int shift)
    {
        for (int i = 0; i < src.Length; i++)
        {
            ulong k = src[i];
            dst[offsets[(int)((k >> shift) & (Radix - 1))]++] = k;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<ulong> src, ReadOnlySpan<int> srcIndex, Span<ulong> dst, Span<int> dstIndex, int[] offsets, int shift)
    {
        for (int i = 0; i < src.Length; i++)
        {
            ulong k = src[i];
            int at = offsets[(int)((k >> shift) & (Radix - 1))]++;
            dst[at] = k;
            dstIndex[at] = srcIndex[i];
        }
    }

    /// <summary>
    /// The keys (and indices) twice over, from <see cref="Storage.NativeAllocator"/>: managed arrays of this size live
    /// on the large-object heap, and allocating them on every call set off a full (generation 2) collection every
    /// other call (1M float64: 61 ms a sort, 17 ms without); plain <c>malloc</c> maps large blocks fresh every call,
    /// and faulting in 160 MB of new pages made a 10M sort 7× slower. The allocator keeps large blocks for reuse, up
    /// to its cache bound (<see cref="Storage.NativeAllocator.MaxCachedBytes"/>, 2 GiB by default).
    /// </summary>
    private readonly unsafe struct Scratch : IDisposable
    {
        private readonly void* _memory;
        private readonly long _bytes;
        private readonly int _n;
        private readonly bool _withIndex;

        public Scratch(int n, bool withIndex)
        {
            _n = n;
            _withIndex = withIndex;
            _bytes = (long)n * (withIndex ? (2 * sizeof(ulong)) + (2 * sizeof(int)) : 2 * sizeof(ulong));
            _memory = Storage.NativeAllocator.Allocate(_bytes);
        }

        public Span<ulong> Keys => new(_memory, _n);

        public Span<ulong> Keys2 => new((ulong*)_memory + _n, _n);

        public Span<int> Index => _withIndex ? new((int*)((ulong*)_memory + (2L * _n)), _n) : default;

        public Span<int> Index2 => _withIndex ? new((int*)((ulong*)_memory + (2L * _n)) + _n, _n) : default;

        public void Dispose() => Storage.NativeAllocator.Free(_memory, _bytes);
    }

    private static bool IsZero<T>(T x)
        where T : unmanaged => ScalarCast.IsFloat<T>() && !ScalarCast.IsNonZero(x);
}
