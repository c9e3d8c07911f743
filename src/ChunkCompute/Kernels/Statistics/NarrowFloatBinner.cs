using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels;

/// <summary>
/// Equal bins over float32 or float16 data with NumPy's arithmetic in NumPy's types, so the counts and edges are
/// <c>np.histogram</c>'s bit for bit. NumPy (numpy/lib/histograms.py) picks a bin type
/// <c>B = result_type(first_edge, last_edge, a)</c> — the data's own type unless a range bound needs a wider one —
/// and then, per value:
/// <code>
///   keep = x &gt;= first_edge and x &lt;= last_edge      (each compare in the type NumPy's value-based casting gives it)
///   f    = B(B(x - B(first_edge)) * W(norm))           (W = B unless norm needs a wider type; norm = bins / span)
///   i    = int(f);  i -= (i == bins)
///   i   -= x &lt; e[i];  i += x &gt;= e[i + 1] and i != bins - 1   (e = linspace in float64, cast to B)
/// </code>
/// With the automatic range, <c>first_edge</c>/<c>last_edge</c> are the data's min and max as scalars of its type,
/// so <c>span = B(max - min)</c> and then <c>norm = bins / span</c> in float64. Binning these values in float64
/// instead (as <see cref="UniformBinner"/> does for float64 and integer data, whose B is float64) puts values next
/// to an edge in the neighbouring bin: counts of a 10^6-value float32 normal sample differed in two bins.
/// <para>
/// The scalar <see cref="Bin"/> and the float64 vector lanes do each rounding in float64: the difference and product
/// of two float32 (or float16) values are exact in float64 or, when not, rounding them to float64 first and then to
/// float32 gives the correctly rounded float32 result (53 ≥ 2·24 + 2); float16 goes through float32 as NumPy's half
/// loops do. Whole blocks of float32 data are binned in float lanes instead (<see cref="BinAndCountSingles"/>), with
/// NumPy's own float32 subtraction and product: the same values. The vector loops (AVX-512 and AVX2, for the common
/// B = W = float32) and the scalar path give the same counts. Where
/// NumPy's own computation fails (an index outside the table: IndexError or a
/// negative count in <c>bincount</c>), the index is clamped into the bins.
/// </para>
/// <para>
/// Fast path (vector loops): as in <see cref="UniformBinner"/>, NumPy's correction can only move the index when
/// <c>f</c> lies within <see cref="Tolerance"/> of an integer (the bound is in <see cref="FastTolerance"/>); every
/// 16 values whose <c>f</c> all keep that distance are binned as <c>trunc(f)</c>, the others with the corrections
/// (<c>Lanes512.Exact</c>). With float32's rounding the tolerance is about 1e-4 bins for data near zero, so about
/// one 16-value step in 400 takes the exact lanes.
/// </para>
/// </summary>
internal readonly struct NarrowFloatBinner : IHistogramBinner
{
    private readonly double _keepLow;
    private readonly double _keepHigh;
    private readonly double _firstB;
    private readonly double _normW;
    private readonly double _first;
    private readonly double _step;
    private readonly double[] _edges;
    private readonly int _bBits;
    private readonly int _wBits;
    private readonly bool _pairs;
    private readonly int _vectorBits;
    private readonly double _tolerance;
    private readonly float _toleranceSingle;
    private readonly bool _inRange;

    /// <param name="keepLow">NumPy's lower range test bound, in the type its comparison runs in.</param>
    /// <param name="keepHigh">The upper bound, likewise.</param>
    /// <param name="first">The first edge as NumPy's float64 <c>linspace</c> sees it.</param>
    /// <param name="firstB">The first edge cast to the bin type (the subtrahend of <c>x - first</c>).</param>
    /// <param name="last">The last edge (float64).</param>
    /// <param name="norm">norm in float64, before the rounding to <paramref name="wBits"/>.</param>
    /// <param name="step">The <c>linspace</c> step, <c>(last - first) / bins</c> in float64.</param>
    /// <param name="edges">The edges, already rounded to the bin type.</param>
    /// <param name="bBits">The bin type: 16, 32 or 64.</param>
    /// <param name="normW">norm, rounded to <paramref name="wBits"/>.</param>
    /// <param name="wBits">The type of the product <c>(x - first) * norm</c>: 16, 32 or 64.</param>
    /// <param name="inRange">
    /// The range is the data's own min and max: no value lies outside it, so the fast path leaves out the range test
    /// and clamps its indices into the table instead (a caller's data race can miscount, never write outside it).
    /// </param>
    public NarrowFloatBinner(double keepLow, double keepHigh, double first, double firstB, double last, double norm, double step, double[] edges, int bBits, double normW, int wBits, bool inRange)
    {
        _inRange = inRange;
        _keepLow = keepLow;
        _keepHigh = keepHigh;
        _first = first;
        _step = step;
        _edges = edges;
        _bBits = bBits;
        _wBits = wBits;
        _normW = normW;
        _firstB = firstB;
        Bins = edges.Length - 1;
        int limit = UniformBinner.MaxWidthForTests ?? 512;
        // The vector loops take B = W = float32 with both range tests in float32 too (float16 data with a bound past
        // float16's range tests it in float16, where f's bound does not hold), and differences x - first that stay
        // finite in float32; everything else goes through the scalar Bin.
        bool vectorizable = bBits == 32 && wBits == 32 && step != 0 && double.IsFinite(step) && Bins < int.MaxValue / 2
            && keepLow == firstB && keepHigh == (float)keepHigh && keepHigh == Round(edges[^1], 32) && float.IsFinite((float)(keepHigh - firstB));
        _vectorBits = !vectorizable ? 0
            : limit >= 512 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 512
            : limit >= 256 && Vector256.IsHardwareAccelerated && Avx.IsSupported ? 256
            : 0;
        _pairs = _vectorBits != 0 && BinCounting.UsePairs(Bins);
        _tolerance = _vectorBits != 0 ? FastTolerance(first, firstB, last, norm, step, Bins) : double.PositiveInfinity;
        _toleranceSingle = (float)_tolerance < _tolerance ? MathF.BitIncrement((float)_tolerance) : (float)_tolerance; // never below δ
    }

    /// <inheritdoc/>
    public int Bins { get; }

    /// <summary>The vector loops' width: 512, 256, or 0 (every value through <see cref="Bin"/>).</summary>
    public int VectorBits => _vectorBits;

    /// <summary>
    /// Whether whole blocks of float32 data may go to <see cref="BinAndCountSingles"/> as they are: the vector loops
    /// run (B = W = float32), and <c>bins + 0.5</c> is exact in float.
    /// </summary>
    public bool TakesSingles => _vectorBits != 0 && Bins < (1 << 22);

    /// <summary>δ: 16 values whose <c>f</c> all keep at least this distance (in bins) from an integer are binned as <c>trunc(f)</c>; +∞: never.</summary>
    public double Tolerance => _tolerance;

    /// <inheritdoc/>
    public int IndicesPerChunk => _pairs ? BinCounting.Chunk / 2 : BinCounting.Chunk;

    /// <inheritdoc/>
    public int TableLength => _pairs ? (Bins + 1) * (Bins + 1) : Bins + 1;

    /// <summary>
    /// The result of a float64 operation on two values of <paramref name="bits"/> bits, rounded as NumPy's loop of
    /// that type rounds it (float16 through float32, as its half loops compute).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Round(double x, int bits) => bits switch
    {
        32 => (float)x,
        16 => (double)(Half)(float)x,
        _ => x,
    };

    /// <summary>A float64 value cast to a float of <paramref name="bits"/> bits, rounded once (NumPy's <c>astype</c> and scalar casts).</summary>
    public static double Cast(double x, int bits) => bits switch
    {
        32 => (float)x,
        16 => (double)(Half)x,
        _ => x,
    };

    /// <summary>
    /// δ for B = W = float32, with u = 2^-24 (float32), v = 2^-53 (float64), <c>G(y) = (y - first) norm</c> exact,
    /// <c>s = |first - B(first)| norm</c> and <c>k = step norm</c>:
    /// <list type="bullet">
    /// <item>ε1: <c>f = B(B(x - B(first)) B(norm))</c>, three float32 roundings: <c>|f - G(x)| ≤ 3.0001 u (G(last) + s + t) + s</c>.</item>
    /// <item>ε2: <c>e[j] = B(fl(fl(j step) + first))</c>, so <c>G(e[j]) = j k (1+p)(1+q)(1+r) + norm first (q + r + qr)</c> with
    /// <c>|p|, |q| ≤ v</c>, <c>|r| ≤ u</c>: <c>|G(e[j]) - j| ≤ bins (|k - 1| + k (u + 2.0001 v)) + |norm first| (u + 1.0001 v)</c>.</item>
    /// <item>If <c>f</c> keeps a distance δ &gt; ε1 + ε2 from every integer, <c>e[trunc f] &lt; x &lt; e[trunc f + 1]</c>: NumPy's
    /// corrections do nothing. An <c>f</c> at or above <c>bins</c> must count as near: the bound on <c>f</c> above bins is added,
    /// for kept values up to <c>B(last)</c>, which may exceed <c>last</c> by <c>u |last|</c> (<c>t = u |last| norm</c>).</item>
    /// <item>A float32 <c>norm</c> that is subnormal (or 0) carries more than u of relative error: +∞ there. The vector
    /// loops only run when both range tests are in float32 (<c>x ≥ B(first)</c>, so <c>f ≥ 0</c>) and
    /// <c>x - B(first)</c> cannot overflow float32.</item>
    /// </list>
    /// As in <see cref="UniformBinner"/>, the factor 2 covers this computation's own roundings; a bound that is not
    /// small (data far from zero against its width) gives +∞, and every value takes the corrections.
    /// </summary>
    internal static double FastTolerance(double first, double firstB, double last, double norm, double step, int bins)
    {
        if (!double.IsNormal(step) || !double.IsNormal(norm) || !double.IsFinite(last - first))
        {
            return double.PositiveInfinity;
        }

        if (!float.IsNormal((float)norm))
        {
            return double.PositiveInfinity;
        }

        const double U = 1.0 / (1 << 24);
        const double V = 1.0 / (1L << 53);
        double s = Math.Abs(first - firstB) * norm;
        double t = U * Math.Abs(last) * norm;
        double w = (last - first) * norm * (1 + (4 * V));
        double k = step * norm;
        double e1 = (3.0001 * U * (w + s + t)) + s;
        double e2 = (bins * (Math.Abs(k - 1) + (k * (U + (2.0001 * V))))) + (Math.Abs(norm * first) * (U + (1.0001 * V)));
        double above = Math.Max(0, ((w + t) * (1 + (3.0001 * U))) + s - bins);
        double delta = (2 * (e1 + e2 + above)) + 1e-300;
        return delta < 1.0 / 16 ? delta : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    public int Bin(double x)
    {
        int bins = Bins;
        if (!(x >= _keepLow && x <= _keepHigh))
        {
            return bins;
        }

        double f = Round(Round(x - _firstB, _bBits) * _normW, _wBits);
        long i = f >= bins ? bins - 1 : f > 0 ? (long)f : 0;
        if (x < _edges[i])
        {
            i--;
        }

        if (i != bins - 1 && x >= _edges[i + 1])
        {
            i++;
        }

        return (int)Math.Clamp(i, 0, bins - 1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void BinAndCount(ReadOnlySpan<double> xs, Span<int> indices, ReadOnlySpan<int> previous, Span<uint> table)
    {
        BinCounting.Count(previous, table);
        if (_vectorBits == 0)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                indices[i] = Bin(xs[i]);
            }

            return;
        }

        int chunks = xs.Length / BinCounting.Chunk;
        fixed (double* x = xs)
        fixed (int* dst = indices)
        {
            if (_pairs)
            {
                Loop<UniformBinner.Pairs>(x, chunks, dst);
            }
            else
            {
                Loop<UniformBinner.Singles>(x, chunks, dst);
            }
        }
    }

    /// <summary>
    /// <see cref="BinAndCount"/> for a block of float32 data read as it is (<see cref="TakesSingles"/>): <c>f</c> in
    /// float lanes, 16 per 512-bit vector, with NumPy's own float32 subtraction and product (so the same values as
    /// the float64 lanes' roundings), and the exact float64 lanes for the 16 values around any near one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void BinAndCountSingles(ReadOnlySpan<float> xs, Span<int> indices, ReadOnlySpan<int> previous, Span<uint> table)
    {
        int chunks = xs.Length / BinCounting.Chunk;
        BinCounting.Count(previous, table);
        fixed (float* x = xs)
        fixed (int* dst = indices)
        {
            if (_vectorBits == 512)
            {
                if (_inRange)
                {
                    Singles512<UniformBinner.AllInRange>(x, chunks, dst);
                }
                else
                {
                    Singles512<UniformBinner.TestRange>(x, chunks, dst);
                }
            }
            else if (_inRange)
            {
                Singles256<UniformBinner.AllInRange>(x, chunks, dst);
            }
            else
            {
                Singles256<UniformBinner.TestRange>(x, chunks, dst);
            }
        }
    }

    /// <inheritdoc/>
    public void Fold(ReadOnlySpan<uint> table, Span<long> counts) => BinCounting.Fold(table, counts, _pairs);

    private unsafe void Loop<TPack>(double* x, int chunks, int* dst)
        where TPack : struct, UniformBinner.IPacking
    {
        if (_vectorBits == 512)
        {
            if (_inRange)
            {
                Loop512<TPack, UniformBinner.AllInRange>(x, chunks, dst);
            }
            else
            {
                Loop512<TPack, UniformBinner.TestRange>(x, chunks, dst);
            }
        }
        else if (_inRange)
        {
            Loop256<TPack, UniformBinner.AllInRange>(x, chunks, dst);
        }
        else
        {
            Loop256<TPack, UniformBinner.TestRange>(x, chunks, dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Loop512<TPack, TRange>(double* x, int chunks, int* dst)
        where TPack : struct, UniformBinner.IPacking
        where TRange : struct, UniformBinner.IRangeMode
    {
        var g = new Lanes512(this);
        var width = Vector512.Create((double)(Bins + 1));
        var tolerance = Vector512.Create(_tolerance);
        var lastSlot = Vector256.Create((uint)(TableLength - 1));
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            var xa = Vector512.Load(x);
            var xb = Vector512.Load(x + 8);
            var fa = g.Scaled<TRange>(xa);
            var fb = g.Scaled<TRange>(xb);

            // vreducepd imm 0: f - round_to_nearest_even(f), exact. Out-of-range lanes hold bins + 0.5: never near.
            var near = Vector512.Min(Vector512.Abs(Avx512DQ.Reduce(fa, 0)), Vector512.Abs(Avx512DQ.Reduce(fb, 0)));
            if (!Vector512.GreaterThanOrEqualAll(near, tolerance))
            {
                TPack.Store<UniformBinner.TestRange>(g.Exact(xa), g.Exact(xb), width, default, dst);
            }
            else
            {
                TPack.Store<UniformBinner.AllInRange>(Vector512.Truncate(fa), Vector512.Truncate(fb), width, lastSlot, dst);
            }

            dst += TPack.PerChunk;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Loop256<TPack, TRange>(double* x, int chunks, int* dst)
        where TPack : struct, UniformBinner.IPacking
        where TRange : struct, UniformBinner.IRangeMode
    {
        var g = new Lanes256(this);
        var width = Vector256.Create((double)(Bins + 1));
        var tolerance = Vector256.Create(_tolerance);
        var lastSlot = Vector128.Create((uint)(TableLength - 1));
        for (double* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            var xa = Vector256.Load(x);
            var xb = Vector256.Load(x + 4);
            var xc = Vector256.Load(x + 8);
            var xd = Vector256.Load(x + 12);
            var fa = g.Scaled<TRange>(xa);
            var fb = g.Scaled<TRange>(xb);
            var fc = g.Scaled<TRange>(xc);
            var fd = g.Scaled<TRange>(xd);
            var near = Vector256.Min(
                Vector256.Min(Vector256.Abs(fa - Vector256.Round(fa)), Vector256.Abs(fb - Vector256.Round(fb))),
                Vector256.Min(Vector256.Abs(fc - Vector256.Round(fc)), Vector256.Abs(fd - Vector256.Round(fd))));
            if (!Vector256.GreaterThanOrEqualAll(near, tolerance))
            {
                TPack.Store<UniformBinner.TestRange>(g.Exact(xa), g.Exact(xb), g.Exact(xc), g.Exact(xd), width, default, dst);
            }
            else
            {
                TPack.Store<UniformBinner.AllInRange>(Vector256.Truncate(fa), Vector256.Truncate(fb), Vector256.Truncate(fc), Vector256.Truncate(fd), width, lastSlot, dst);
            }

            dst += TPack.PerChunk;
        }
    }

    /// <summary>
    /// <see cref="BinAndCountSingles"/> with AVX-512. Pairs (at most 109 bins) combine the lower eight lanes with the
    /// upper eight in int32 lanes; with <typeparamref name="TRange"/> not testing, indices are clamped into the table
    /// (unsigned min), as in the float64 loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Singles512<TRange>(float* x, int chunks, int* dst)
        where TRange : struct, UniformBinner.IRangeMode
    {
        var g = new Lanes512(this);
        var low = Vector512.Create((float)_keepLow);
        var high = Vector512.Create((float)_keepHigh);
        var firstB = Vector512.Create((float)_firstB);
        var norm = Vector512.Create((float)_normW);
        var outside = Vector512.Create(Bins + 0.5f);
        var tolerance = Vector512.Create(_toleranceSingle);
        var width = Vector512.Create((double)(Bins + 1));
        var widthInt = Vector256.Create(Bins + 1);
        var lastSlot = Vector512.Create((uint)(TableLength - 1));
        bool pairs = _pairs;
        for (float* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            var xv = Vector512.Load(x);
            var f = (xv - firstB) * norm;
            if (TRange.Test)
            {
                f = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(xv, low) & Vector512.LessThanOrEqual(xv, high), f, outside);
            }

            if (!Vector512.GreaterThanOrEqualAll(Vector512.Abs(Avx512DQ.Reduce(f, 0)), tolerance))
            {
                var xa = Avx512F.ConvertToVector512Double(xv.GetLower());
                var xb = Avx512F.ConvertToVector512Double(xv.GetUpper());
                if (pairs)
                {
                    UniformBinner.Pairs.Store<UniformBinner.TestRange>(g.Exact(xa), g.Exact(xb), width, default, dst);
                }
                else
                {
                    UniformBinner.Singles.Store<UniformBinner.TestRange>(g.Exact(xa), g.Exact(xb), width, default, dst);
                }
            }
            else
            {
                var i = Avx512F.ConvertToVector512Int32WithTruncation(f).AsUInt32();
                if (pairs)
                {
                    var p = ((i.GetLower().AsInt32() * widthInt) + i.GetUpper().AsInt32()).AsUInt32();
                    Vector256.Min(p, lastSlot.GetLower()).AsInt32().Store(dst);
                }
                else
                {
                    Vector512.Min(i, lastSlot).AsInt32().Store(dst);
                }
            }

            dst += pairs ? BinCounting.Chunk / 2 : BinCounting.Chunk;
        }
    }

    /// <summary><see cref="Singles512"/> with AVX2: two float vectors per 16 values, <c>|f - round(f)|</c> for the distance to an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Singles256<TRange>(float* x, int chunks, int* dst)
        where TRange : struct, UniformBinner.IRangeMode
    {
        var g = new Lanes256(this);
        var low = Vector256.Create((float)_keepLow);
        var high = Vector256.Create((float)_keepHigh);
        var firstB = Vector256.Create((float)_firstB);
        var norm = Vector256.Create((float)_normW);
        var outside = Vector256.Create(Bins + 0.5f);
        var tolerance = Vector256.Create(_toleranceSingle);
        var width = Vector256.Create((double)(Bins + 1));
        var widthInt = Vector256.Create(Bins + 1);
        var lastSlot = Vector256.Create((uint)(TableLength - 1));
        bool pairs = _pairs;
        for (float* end = x + ((nint)chunks * BinCounting.Chunk); x < end; x += BinCounting.Chunk)
        {
            var xa = Vector256.Load(x);
            var xb = Vector256.Load(x + 8);
            var fa = (xa - firstB) * norm;
            var fb = (xb - firstB) * norm;
            if (TRange.Test)
            {
                fa = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(xa, low) & Vector256.LessThanOrEqual(xa, high), fa, outside);
                fb = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(xb, low) & Vector256.LessThanOrEqual(xb, high), fb, outside);
            }

            var near = Vector256.Min(Vector256.Abs(fa - Vector256.Round(fa)), Vector256.Abs(fb - Vector256.Round(fb)));
            if (!Vector256.GreaterThanOrEqualAll(near, tolerance))
            {
                var e0 = g.Exact(Avx.ConvertToVector256Double(xa.GetLower()));
                var e1 = g.Exact(Avx.ConvertToVector256Double(xa.GetUpper()));
                var e2 = g.Exact(Avx.ConvertToVector256Double(xb.GetLower()));
                var e3 = g.Exact(Avx.ConvertToVector256Double(xb.GetUpper()));
                if (pairs)
                {
                    UniformBinner.Pairs.Store<UniformBinner.TestRange>(e0, e1, e2, e3, width, default, dst);
                }
                else
                {
                    UniformBinner.Singles.Store<UniformBinner.TestRange>(e0, e1, e2, e3, width, default, dst);
                }
            }
            else
            {
                var ia = Avx.ConvertToVector256Int32WithTruncation(fa).AsUInt32();
                var ib = Avx.ConvertToVector256Int32WithTruncation(fb).AsUInt32();
                if (pairs)
                {
                    var p = ((ia.AsInt32() * widthInt) + ib.AsInt32()).AsUInt32();
                    Vector256.Min(p, lastSlot).AsInt32().Store(dst);
                }
                else
                {
                    Vector256.Min(ia, lastSlot).AsInt32().Store(dst);
                    Vector256.Min(ib, lastSlot).AsInt32().Store(dst + 8);
                }
            }

            dst += pairs ? BinCounting.Chunk / 2 : BinCounting.Chunk;
        }
    }

    /// <summary><see cref="Bin"/> on 512-bit lanes (B = W = float32): the same operations, the edges recomputed as <c>float(i * step + first)</c> (<c>Exact</c>), and <c>f</c> alone for the fast path (<c>Scaled</c>).</summary>
    private readonly struct Lanes512(NarrowFloatBinner b)
    {
        private readonly Vector512<double> _low = Vector512.Create(b._keepLow);
        private readonly Vector512<double> _high = Vector512.Create(b._keepHigh);
        private readonly Vector512<double> _firstB = Vector512.Create(b._firstB);
        private readonly Vector512<double> _norm = Vector512.Create(b._normW);
        private readonly Vector512<double> _first = Vector512.Create(b._first);
        private readonly Vector512<double> _step = Vector512.Create(b._step);
        private readonly Vector512<double> _lastBin = Vector512.Create(b.Bins - 1.0);
        private readonly Vector512<double> _outside = Vector512.Create((double)b.Bins);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> F32(Vector512<double> v) => Avx512F.ConvertToVector512Double(Avx512F.ConvertToVector256Single(v));

        /// <summary><c>f</c> for kept lanes, <c>bins + 0.5</c> for the others (outside the range, NaN) when <typeparamref name="TRange"/> tests.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<double> Scaled<TRange>(Vector512<double> x)
            where TRange : struct, UniformBinner.IRangeMode => TRange.Test
            ? Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, _low) & Vector512.LessThanOrEqual(x, _high), F32(F32(x - _firstB) * _norm), _outside + Vector512.Create(0.5))
            : F32(F32(x - _firstB) * _norm);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<double> Exact(Vector512<double> x)
        {
            var keep = Vector512.GreaterThanOrEqual(x, _low) & Vector512.LessThanOrEqual(x, _high);
            var one = Vector512<double>.One;
            var f = F32(F32(x - _firstB) * _norm);

            // i = clamp(trunc(f), 0, bins - 1): NumPy's i == bins step, and no index outside the table where NumPy fails.
            var i = Vector512.MinNative(Vector512.MaxNative(Vector512.Truncate(f), Vector512<double>.Zero), _lastBin);
            var next = i + one;
            var lo = F32((i * _step) + _first);
            var hi = F32((next * _step) + _first);
            var d = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, hi) & Vector512.LessThan(i, _lastBin), next, i);
            d = Vector512.ConditionalSelect(Vector512.LessThan(x, lo), Vector512.MaxNative(i - one, Vector512<double>.Zero), d);
            return Vector512.ConditionalSelect(keep, d, _outside);
        }
    }

    /// <summary><see cref="Lanes512"/> in 256-bit vectors: the same operations in the same order.</summary>
    private readonly struct Lanes256(NarrowFloatBinner b)
    {
        private readonly Vector256<double> _low = Vector256.Create(b._keepLow);
        private readonly Vector256<double> _high = Vector256.Create(b._keepHigh);
        private readonly Vector256<double> _firstB = Vector256.Create(b._firstB);
        private readonly Vector256<double> _norm = Vector256.Create(b._normW);
        private readonly Vector256<double> _first = Vector256.Create(b._first);
        private readonly Vector256<double> _step = Vector256.Create(b._step);
        private readonly Vector256<double> _lastBin = Vector256.Create(b.Bins - 1.0);
        private readonly Vector256<double> _outside = Vector256.Create((double)b.Bins);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> F32(Vector256<double> v) => Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(v));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Scaled<TRange>(Vector256<double> x)
            where TRange : struct, UniformBinner.IRangeMode => TRange.Test
            ? Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, _low) & Vector256.LessThanOrEqual(x, _high), F32(F32(x - _firstB) * _norm), _outside + Vector256.Create(0.5))
            : F32(F32(x - _firstB) * _norm);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Exact(Vector256<double> x)
        {
            var keep = Vector256.GreaterThanOrEqual(x, _low) & Vector256.LessThanOrEqual(x, _high);
            var one = Vector256<double>.One;
            var f = F32(F32(x - _firstB) * _norm);
            var i = Vector256.MinNative(Vector256.MaxNative(Vector256.Truncate(f), Vector256<double>.Zero), _lastBin);
            var next = i + one;
            var lo = F32((i * _step) + _first);
            var hi = F32((next * _step) + _first);
            var d = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, hi) & Vector256.LessThan(i, _lastBin), next, i);
            d = Vector256.ConditionalSelect(Vector256.LessThan(x, lo), Vector256.MaxNative(i - one, Vector256<double>.Zero), d);
            return Vector256.ConditionalSelect(keep, d, _outside);
        }
    }
}
