using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels;

/// <summary>
/// NumPy's equal-bins histogram arithmetic (<c>np.histogram(a, bins, range)</c>, numpy/lib/histograms.py):
/// <code>
///   keep  = first &lt;= x &lt;= last                    (NaN is not kept)
///   i     = int((x - first) * norm)                   norm = bins / span
///   i    -= (i == bins)
///   i    -= x &lt; e[i]                                e[j] = j * step + first (linspace), e[bins] = last
///   i    += x &gt;= e[i + 1] and i != bins - 1
/// </code>
/// <para>
/// Fast path. The correction moves <c>i</c> only when <c>f = (x - first) * norm</c> lies within rounding
/// error of an integer: with <c>G(y) = (y - first) * norm</c> in exact arithmetic, <c>|f - G(x)| ≤ ε1</c>
/// and <c>|G(e[j]) - j| ≤ ε2</c> (bounds from the geometry, see <c>FastTolerance</c>). If
/// <c>|f - round(f)| ≥ δ &gt; ε1 + ε2</c> then <c>e[floor f] &lt; x &lt; e[floor f + 1]</c>, so NumPy's answer is
/// <c>floor(f)</c> and the correction has nothing to do. The vector loop therefore computes <c>floor(f)</c>
/// and the smallest <c>|f - round(f)|</c> of the block (<c>vreducepd</c> with AVX-512, a round and a
/// subtraction with AVX2: the same value); a block where it falls below δ
/// (values on or next to edges: integer data, tenths, …) is binned again by the exact vector loop, which
/// evaluates the correction with the edges recomputed as <c>j * step + first</c> (the same roundings as the
/// edge table). Both give NumPy's counts bit for bit; δ is about 1e-13 for ordinary data.
/// </para>
/// Out-of-range and NaN lanes are blended to <c>bins + 0.5</c> before the floor: they land in slot
/// <c>bins</c> without a branch and never look near an edge. When the caller guarantees that no value lies outside
/// the range (<see cref="Create"/>'s <c>inRange</c>: the data's own min and max), the fast loop skips that test
/// and clamps the stored indices into the table instead (two compares and a blend less per vector; figures in
/// bench/README.md).
/// <para>
/// The loops come in two widths, AVX-512 (two vectors per 16 values) and AVX2 (four), with the same arithmetic
/// per lane; other machines bin each value with the scalar <see cref="Bin"/>. All three give the same counts
/// (tests run each on one machine; the reproducibility probe runs the JIT without AVX-512 and AVX2).
/// </para>
/// </summary>
internal readonly struct UniformBinner : IHistogramBinner
{
    private readonly double _first;
    private readonly double _last;
    private readonly double _norm;
    private readonly double _step;
    private readonly double[] _edges;
    private readonly bool _pairs;
    private readonly bool _prefetch;
    private readonly bool _inRange;
    private readonly bool _wide; // VectorBits == 512, as a field the hot loops test

    /// <summary>How far ahead (elements, 4 KiB) the fast loop prefetches; 1, 2, 8, 16 and 32 KiB measured no better.</summary>
    private const int PrefetchDistance = 512;

    private UniformBinner(double first, double last, double norm, double step, double[] edges, double tolerance, int width, bool prefetch, bool inRange)
    {
        _prefetch = prefetch;
        _inRange = inRange;
        _first = first;
        _last = last;
        _norm = norm;
        _step = step;
        _edges = edges;
        Bins = edges.Length - 1;
        Tolerance = tolerance;
        VectorBits = width;
        _wide = width == 512;
        _pairs = Vectorized && BinCounting.UsePairs(Bins);
    }

    /// <inheritdoc/>
    public int Bins { get; }

    /// <summary>δ: blocks whose values all keep at least this distance (in bins) from an integer take the fast path; +∞ disables it.</summary>
    public double Tolerance { get; }

    /// <summary>Whether the vector loops run (AVX-512 or AVX2; else every value goes through the scalar <see cref="Bin"/>).</summary>
    public bool Vectorized => VectorBits != 0;

    /// <summary>The vector loops' width: 512 (AVX-512F/DQ), 256 (AVX2) or 0 (scalar).</summary>
    public int VectorBits { get; }

    /// <summary>
    /// Tests only: on the calling thread, binners made from now on use vectors of at most this many bits (256 runs
    /// the AVX2 loops on an AVX-512 machine, 0 the scalar <see cref="Bin"/>); null means the widest the machine has.
    /// Read once, in <see cref="Create"/>, on the thread that calls the histogram.
    /// </summary>
    [ThreadStatic]
    internal static int? MaxWidthForTests;

    /// <inheritdoc/>
    public int IndicesPerChunk => _pairs ? BinCounting.Chunk / 2 : BinCounting.Chunk;

    /// <inheritdoc/>
    public int TableLength => _pairs ? (Bins + 1) * (Bins + 1) : Bins + 1;

    /// <summary>
    /// The binner for <paramref name="edges"/> = linspace(first, last, bins + 1) as NumPy computes it, with
    /// <c>norm = bins / span</c> and <c>step = (last - first) / bins</c> (the values NumPy uses).
    /// <paramref name="prefetch"/>: the blocks are read in order from memory (float64 data larger than the caches),
    /// so the fast loop asks for the data ahead of it (see <see cref="Prefetch"/>).
    /// <paramref name="inRange"/>: the caller guarantees that every value lies in [first, last] (the range is the
    /// data's own minimum and maximum, and the values reach the binner exactly as they were compared: float input),
    /// so the fast loop leaves out the per-value range test (it finds no value outside) and clamps indices instead.
    /// </summary>
    public static UniformBinner Create(double first, double last, double norm, double step, double[] edges, bool prefetch, bool inRange) =>
        new(first, last, norm, step, edges, FastTolerance(first, last, norm, step, edges.Length - 1), VectorWidth(step, norm, edges.Length - 1), prefetch, inRange);

    /// <summary>512 (AVX-512F/DQ), 256 (AVX2) or 0 (scalar: other machines, or a geometry the vector loops do not take).</summary>
    private static int VectorWidth(double step, double norm, int bins)
    {
        if (!(step != 0 && double.IsFinite(step) && double.IsFinite(norm) && norm > 0 && bins < int.MaxValue))
        {
            return 0;
        }

        int limit = MaxWidthForTests ?? 512;
        return limit >= 512 && Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported ? 512
            : limit >= 256 && Vector256.IsHardwareAccelerated && Avx.IsSupported ? 256
            : 0;
    }

    /// <summary>
    /// δ = 2 (ε1 + ε2 + max(0, G(last) − bins)), u = 2^-53, k = step·norm (≈ 1):
    /// <list type="bullet">
    /// <item>ε1: <c>f = fl(fl(x − first)·norm)</c> has two roundings, so <c>|f − G(x)| ≤ 2.0001 u G(last)</c>.</item>
    /// <item>ε2: <c>e[j] = fl(fl(j·step) + first)</c> gives <c>G(e[j]) = j k (1+p)(1+q) + norm·first·q</c> with
    /// <c>|p|, |q| ≤ u</c>, so <c>|G(e[j]) − j| ≤ bins |k − 1| + 2.0001 u bins k + u |norm·first|</c>.</item>
    /// <item>A kept value has <c>f ≤ G(last)(1 + 2.0001u)</c>; values above <c>bins</c> must count as near.</item>
    /// </list>
    /// The factor 2 covers the roundings of this computation itself. Geometry where the bound is not small
    /// (huge offsets against a tiny span, subnormal steps) returns +∞: every block takes the exact loop.
    /// </summary>
    private static double FastTolerance(double first, double last, double norm, double step, int bins)
    {
        if (!double.IsNormal(step) || !double.IsNormal(norm) || !double.IsFinite(last - first))
        {
            return double.PositiveInfinity;
        }

        const double U = 1.0 / (1L << 53);
        double w = (last - first) * norm * (1 + (4 * U));
        double k = step * norm;
        double e1 = 2.0001 * U * w;
        double e2 = (bins * (Math.Abs(k - 1) + (2 * U))) + (2.0001 * U * bins * k) + (U * Math.Abs(norm * first));
        double delta = 2 * (e1 + e2 + Math.Max(0, w - bins)) + 1e-300;
        return delta < 1.0 / 16 ? delta : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void BinAndCount(ReadOnlySpan<double> xs, Span<int> indices, ReadOnlySpan<int> previous, Span<uint> table)
    {
        if (!Vectorized)
        {
            BinCounting.Count(previous, table);
            for (int i = 0; i < xs.Length; i++)
            {
                indices[i] = Bin(xs[i]);
            }

            return;
        }

        int chunks = xs.Length / BinCounting.Chunk;
        bool count = !previous.IsEmpty;
        fixed (double* x = xs)
        fixed (int* dst = indices)
        fixed (int* prev = previous)
        fixed (uint* t = table)
        {
            if (Tolerance < 1)
            {
                double near = _pairs
                    ? (count ? Fast<Pairs, CountPrevious>(x, chunks, dst, prev, t) : Fast<Pairs, NoCount>(x, chunks, dst, prev, t))
                    : (count ? Fast<Singles, CountPrevious>(x, chunks, dst, prev, t) : Fast<Singles, NoCount>(x, chunks, dst, prev, t));
                if (near < Tolerance)
                {
                    // Some value sits on or next to an edge: redo the block with NumPy's correction (counting already done).
                    if (_pairs)
                    {
                        Exact<Pairs, NoCount>(x, chunks, dst, prev, t);
                    }
                    else
                    {
                        Exact<Singles, NoCount>(x, chunks, dst, prev, t);
                    }
                }
            }
            else if (_pairs)
            {
                if (count)
                {
                    Exact<Pairs, CountPrevious>(x, chunks, dst, prev, t);
                }
                else
                {
                    Exact<Pairs, NoCount>(x, chunks, dst, prev, t);
                }
            }
            else if (count)
            {
                Exact<Singles, CountPrevious>(x, chunks, dst, prev, t);
            }
            else
            {
                Exact<Singles, NoCount>(x, chunks, dst, prev, t);
            }
        }
    }

    /// <inheritdoc/>
    public void Fold(ReadOnlySpan<uint> table, Span<long> counts) => BinCounting.Fold(table, counts, _pairs);

    /// <inheritdoc/>
    public int Bin(double x)
    {
        int bins = Bins;
        if (!(x >= _first && x <= _last))
        {
            return bins;
        }

        // NumPy: astype(intp) truncates; a kept value gives 0 <= f <= bins (+ rounding), so the cast is in range.
        long idx = (long)((x - _first) * _norm);
        if (idx >= bins)
        {
            idx = bins - 1;
        }

        if (x < _edges[idx])
        {
            idx--;
        }

        if (idx != bins - 1 && x >= _edges[idx + 1])
        {
            idx++;
        }

        return (int)idx;
    }

    /// <summary>
    /// Fast loop: floor(f) per value, smallest distance of f to an integer returned. The loops walk raw pointers
    /// (the caller pins the spans): with byref offsets the JIT rebuilt each address from the loop counter, about ten
    /// more instructions per 16 values (8-10% slower on cached data, where the arithmetic limits the loop).
    /// </summary>
    private unsafe double Fast<TPack, TCount>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode =>
        _wide
            ? (_inRange ? Fast512<TPack, TCount, AllInRange>(x, chunks, dst, prev, table) : Fast512<TPack, TCount, TestRange>(x, chunks, dst, prev, table))
            : (_inRange ? Fast256<TPack, TCount, AllInRange>(x, chunks, dst, prev, table) : Fast256<TPack, TCount, TestRange>(x, chunks, dst, prev, table));

    /// <summary>Exact loop: NumPy's index and correction against <c>j * step + first</c>, per lane.</summary>
    private unsafe void Exact<TPack, TCount>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode
    {
        if (_wide)
        {
            Exact512<TPack, TCount>(x, chunks, dst, prev, table);
        }
        else
        {
            Exact256<TPack, TCount>(x, chunks, dst, prev, table);
        }
    }

    /// <summary><see cref="Fast"/> with AVX-512: two vectors per 16 values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe double Fast512<TPack, TCount, TRange>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode
        where TRange : struct, IRangeMode
    {
        var first = Vector512.Create(_first);
        var last = Vector512.Create(_last);
        var norm = Vector512.Create(_norm);
        var outside = Vector512.Create(Bins + 0.5);
        var width = Vector512.Create((double)(Bins + 1));
        var lastSlot = Vector256.Create((uint)(TableLength - 1));
        var near = Vector512.Create(0.5);
        bool prefetch = _prefetch;
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            if (prefetch)
            {
                Prefetch(x);
            }

            var xa = Vector512.Load(x);
            var xb = Vector512.Load(x + 8);
            var fa = (xa - first) * norm;
            var fb = (xb - first) * norm;
            if (TRange.Test)
            {
                fa = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(xa, first) & Vector512.LessThanOrEqual(xa, last), fa, outside);
                fb = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(xb, first) & Vector512.LessThanOrEqual(xb, last), fb, outside);
            }

            // vreducepd imm 0: f - round_to_nearest_even(f), exact; vrangepd imm 0b1010: min(|a|, |b|).
            near = Avx512DQ.Range(near, Avx512DQ.Range(Avx512DQ.Reduce(fa, 0), Avx512DQ.Reduce(fb, 0), 0b1010), 0b1010);
            TPack.Store<TRange>(Vector512.Truncate(fa), Vector512.Truncate(fb), width, lastSlot, dst);
            dst += TPack.PerChunk;
            if (TCount.Enabled)
            {
                TPack.Count(prev, table);
                prev += TPack.PerChunk;
            }
        }

        double m = near.ToScalar();
        for (int k = 1; k < Vector512<double>.Count; k++)
        {
            m = Math.Min(m, near.GetElement(k));
        }

        return m;
    }

    /// <summary>
    /// Asks for the two cache lines <see cref="PrefetchDistance"/> elements past <paramref name="x"/>, which the fast
    /// loop reads that much later (later in the block or in the next). On data read from memory the counting pass is
    /// limited by memory and by its scalar increments together; two prefetches spread over each 16-value step keep
    /// loads in flight while the increments run (50M float64: about 10% faster; prefetching a whole block at once
    /// was 40% slower). On cache-resident data they only cost, so the caller turns them on by size
    /// (<see cref="HistogramKernel.PrefetchMinBytes"/>). A prefetch is only a hint and never faults, so the address
    /// may run past the data (last blocks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(double* x)
    {
        Sse.Prefetch0(x + PrefetchDistance);
        Sse.Prefetch0(x + PrefetchDistance + 8);
    }

    /// <summary>
    /// <see cref="Fast"/> with AVX2: four vectors per 16 values, <c>|f - round(f)|</c> (round half to even, so the
    /// same value as AVX-512's <c>vreducepd</c>) for the distance to an integer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe double Fast256<TPack, TCount, TRange>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode
        where TRange : struct, IRangeMode
    {
        var first = Vector256.Create(_first);
        var last = Vector256.Create(_last);
        var norm = Vector256.Create(_norm);
        var outside = Vector256.Create(Bins + 0.5);
        var width = Vector256.Create((double)(Bins + 1));
        var lastSlot = Vector128.Create((uint)(TableLength - 1));
        var near = Vector256.Create(0.5);
        bool prefetch = _prefetch;
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            if (prefetch)
            {
                Prefetch(x);
            }

            var fa = Scaled<TRange>(Vector256.Load(x), first, last, norm, outside);
            var fb = Scaled<TRange>(Vector256.Load(x + 4), first, last, norm, outside);
            var fc = Scaled<TRange>(Vector256.Load(x + 8), first, last, norm, outside);
            var fd = Scaled<TRange>(Vector256.Load(x + 12), first, last, norm, outside);
            var da = Vector256.MinNative(Vector256.Abs(fa - Vector256.Round(fa)), Vector256.Abs(fb - Vector256.Round(fb)));
            var dc = Vector256.MinNative(Vector256.Abs(fc - Vector256.Round(fc)), Vector256.Abs(fd - Vector256.Round(fd)));
            near = Vector256.MinNative(near, Vector256.MinNative(da, dc));
            TPack.Store<TRange>(Vector256.Truncate(fa), Vector256.Truncate(fb), Vector256.Truncate(fc), Vector256.Truncate(fd), width, lastSlot, dst);
            dst += TPack.PerChunk;
            if (TCount.Enabled)
            {
                TPack.Count(prev, table);
                prev += TPack.PerChunk;
            }
        }

        double m = near.ToScalar();
        for (int k = 1; k < Vector256<double>.Count; k++)
        {
            m = Math.Min(m, near.GetElement(k));
        }

        return m;
    }

    /// <summary><c>(x - first) * norm</c> for kept lanes, <c>bins + 0.5</c> for the others (outside the range, NaN) when <typeparamref name="TRange"/> tests.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Scaled<TRange>(Vector256<double> x, Vector256<double> first, Vector256<double> last, Vector256<double> norm, Vector256<double> outside)
        where TRange : struct, IRangeMode =>
        TRange.Test ? Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, first) & Vector256.LessThanOrEqual(x, last), (x - first) * norm, outside) : (x - first) * norm;

    /// <summary><see cref="Exact"/> with AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Exact512<TPack, TCount>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode
    {
        var g = new Lanes(_first, _last, _norm, _step, Bins);
        var width = Vector512.Create((double)(Bins + 1));
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            TPack.Store<TestRange>(g.Exact(Vector512.Load(x)), g.Exact(Vector512.Load(x + 8)), width, default, dst);
            dst += TPack.PerChunk;
            if (TCount.Enabled)
            {
                TPack.Count(prev, table);
                prev += TPack.PerChunk;
            }
        }
    }

    /// <summary><see cref="Exact"/> with AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Exact256<TPack, TCount>(double* x, int chunks, int* dst, int* prev, uint* table)
        where TPack : struct, IPacking
        where TCount : struct, ICountMode
    {
        var g = new Lanes256(_first, _last, _norm, _step, Bins);
        var width = Vector256.Create((double)(Bins + 1));
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            TPack.Store<TestRange>(g.Exact(Vector256.Load(x)), g.Exact(Vector256.Load(x + 4)), g.Exact(Vector256.Load(x + 8)), g.Exact(Vector256.Load(x + 12)), width, default, dst);
            dst += TPack.PerChunk;
            if (TCount.Enabled)
            {
                TPack.Count(prev, table);
                prev += TPack.PerChunk;
            }
        }
    }

    /// <summary>The geometry broadcast to lanes, and the exact per-lane bin.</summary>
    private readonly struct Lanes(double first, double last, double norm, double step, int bins)
    {
        private readonly Vector512<double> _first = Vector512.Create(first);
        private readonly Vector512<double> _last = Vector512.Create(last);
        private readonly Vector512<double> _norm = Vector512.Create(norm);
        private readonly Vector512<double> _step = Vector512.Create(step);
        private readonly Vector512<double> _lastBin = Vector512.Create(bins - 1.0);
        private readonly Vector512<double> _outside = Vector512.Create((double)bins);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<double> Exact(Vector512<double> x)
        {
            var keep = Vector512.GreaterThanOrEqual(x, _first) & Vector512.LessThanOrEqual(x, _last);
            var one = Vector512<double>.One;

            // In double lanes: i = min(trunc(f), bins - 1); garbage in dropped lanes never reaches memory.
            var i = Vector512.MinNative(Vector512.Truncate((x - _first) * _norm), _lastBin);
            var next = i + one;
            var lo = (i * _step) + _first;     // e[i] (i <= bins - 1, so never the stored last edge)
            var hi = (next * _step) + _first;  // e[i + 1], used only when i + 1 <= bins - 1
            var d = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, hi) & Vector512.LessThan(i, _lastBin), next, i);
            d = Vector512.ConditionalSelect(Vector512.LessThan(x, lo), i - one, d);
            return Vector512.ConditionalSelect(keep, d, _outside);
        }
    }

    /// <summary><see cref="Lanes"/> in 256-bit vectors: the same operations in the same order, so the same bins.</summary>
    private readonly struct Lanes256(double first, double last, double norm, double step, int bins)
    {
        private readonly Vector256<double> _first = Vector256.Create(first);
        private readonly Vector256<double> _last = Vector256.Create(last);
        private readonly Vector256<double> _norm = Vector256.Create(norm);
        private readonly Vector256<double> _step = Vector256.Create(step);
        private readonly Vector256<double> _lastBin = Vector256.Create(bins - 1.0);
        private readonly Vector256<double> _outside = Vector256.Create((double)bins);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Exact(Vector256<double> x)
        {
            var keep = Vector256.GreaterThanOrEqual(x, _first) & Vector256.LessThanOrEqual(x, _last);
            var one = Vector256<double>.One;
            var i = Vector256.MinNative(Vector256.Truncate((x - _first) * _norm), _lastBin);
            var next = i + one;
            var lo = (i * _step) + _first;
            var hi = (next * _step) + _first;
            var d = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, hi) & Vector256.LessThan(i, _lastBin), next, i);
            d = Vector256.ConditionalSelect(Vector256.LessThan(x, lo), i - one, d);
            return Vector256.ConditionalSelect(keep, d, _outside);
        }
    }

    /// <summary>How bin lanes become table indices.</summary>
    internal interface IPacking
    {
        /// <summary>Indices per 16 values.</summary>
        static abstract int PerChunk { get; }

        /// <summary>
        /// Stores the indices of two vectors of bins (as exact integral doubles). Bins come from the range test
        /// (<typeparamref name="TRange"/> tests: <c>0..bins</c>) or from a range the caller guarantees; then every
        /// index is also clamped into the table (one unsigned min), so that values changed by another thread while
        /// they are binned (a caller's data race) can only miscount, never write outside the table.
        /// </summary>
        static abstract unsafe void Store<TRange>(Vector512<double> a, Vector512<double> b, Vector512<double> width, Vector256<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode;

        /// <summary>Stores the indices of four 256-bit vectors of bins (as exact integral doubles), clamped as the 512-bit form.</summary>
        static abstract unsafe void Store<TRange>(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> width, Vector128<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode;

        /// <summary>Counts the indices of one chunk.</summary>
        static abstract unsafe void Count(int* src, uint* table);
    }

    /// <summary>
    /// Lane k of two vectors shares one index, <c>a * width + b</c> (exact: small integers); with 256-bit vectors
    /// the first pairs with the second and the third with the fourth (the fold does not care which values pair).
    /// </summary>
    internal readonly struct Pairs : IPacking
    {
        public static int PerChunk => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store<TRange>(Vector512<double> a, Vector512<double> b, Vector512<double> width, Vector256<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode
        {
            var i = Avx512F.ConvertToVector256Int32WithTruncation(Vector512.FusedMultiplyAdd(a, width, b)).AsUInt32();
            if (!TRange.Test)
            {
                i = Vector256.Min(i, lastSlot);
            }

            i.AsInt32().Store(dst);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store<TRange>(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> width, Vector128<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode
        {
            var i = Avx.ConvertToVector128Int32WithTruncation((a * width) + b).AsUInt32();
            var j = Avx.ConvertToVector128Int32WithTruncation((c * width) + d).AsUInt32();
            if (!TRange.Test)
            {
                i = Vector128.Min(i, lastSlot);
                j = Vector128.Min(j, lastSlot);
            }

            i.AsInt32().Store(dst);
            j.AsInt32().Store(dst + 4);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Count(int* src, uint* table) => BinCounting.Count8(src, table);
    }

    /// <summary>One index per value.</summary>
    internal readonly struct Singles : IPacking
    {
        public static int PerChunk => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store<TRange>(Vector512<double> a, Vector512<double> b, Vector512<double> width, Vector256<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode
        {
            var i = Avx512F.ConvertToVector256Int32WithTruncation(a).AsUInt32();
            var j = Avx512F.ConvertToVector256Int32WithTruncation(b).AsUInt32();
            if (!TRange.Test)
            {
                i = Vector256.Min(i, lastSlot);
                j = Vector256.Min(j, lastSlot);
            }

            i.AsInt32().Store(dst);
            j.AsInt32().Store(dst + 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store<TRange>(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> width, Vector128<uint> lastSlot, int* dst)
            where TRange : struct, IRangeMode
        {
            var i = Avx.ConvertToVector128Int32WithTruncation(a).AsUInt32();
            var j = Avx.ConvertToVector128Int32WithTruncation(b).AsUInt32();
            var k = Avx.ConvertToVector128Int32WithTruncation(c).AsUInt32();
            var l = Avx.ConvertToVector128Int32WithTruncation(d).AsUInt32();
            if (!TRange.Test)
            {
                i = Vector128.Min(i, lastSlot);
                j = Vector128.Min(j, lastSlot);
                k = Vector128.Min(k, lastSlot);
                l = Vector128.Min(l, lastSlot);
            }

            i.AsInt32().Store(dst);
            j.AsInt32().Store(dst + 4);
            k.AsInt32().Store(dst + 8);
            l.AsInt32().Store(dst + 12);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Count(int* src, uint* table)
        {
            BinCounting.Count8(src, table);
            BinCounting.Count8(src + 8, table);
        }
    }

    private interface ICountMode
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct CountPrevious : ICountMode
    {
        public static bool Enabled => true;
    }

    private readonly struct NoCount : ICountMode
    {
        public static bool Enabled => false;
    }

    /// <summary>Whether the fast loop tests each value against [first, last] (see <see cref="Create"/>'s <c>inRange</c>).</summary>
    internal interface IRangeMode
    {
        static abstract bool Test { get; }
    }

    internal readonly struct TestRange : IRangeMode
    {
        public static bool Test => true;
    }

    internal readonly struct AllInRange : IRangeMode
    {
        public static bool Test => false;
    }
}
