using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>
/// Order statistics of each slice, selected (not sorted), with NumPy 1.24's index and interpolation formulas.
/// Several quantiles of one slice share one selection. A reduction to a single slice of at least
/// <see cref="BucketSelect.MinLength"/> elements (every whole-array call) reads the input in place with the parallel
/// <see cref="BucketSelect"/>; otherwise the slices are copied into rows, spread over threads, and each row is
/// bucket-selected when long or quickselected (<see cref="SortKernel.SelectMany{T}(Span{T}, ReadOnlySpan{int})"/>).
/// </summary>
/// <remarks>
/// NumPy 1.24's <c>_quantile</c> arithmetic, reproduced exactly: <c>virtual = (n - 1) q</c> (midpoint:
/// <c>(floor + ceil) / 2</c> of it), <c>prev = floor(virtual)</c>, <c>next = prev + 1</c> (both the last index when
/// <c>virtual ≥ n - 1</c>), <c>gamma = virtual - prev</c> (midpoint: 0 or 0.5), then <c>_lerp</c>:
/// <c>diff = next - prev</c> in the input's own type (float32 and float16 round it), and
/// <c>a + diff·gamma</c>, or <c>b - diff·(1 - gamma)</c> when <c>gamma ≥ 0.5</c>, in float64. Linear and midpoint
/// therefore give float64 for every input type (NumPy does too, float32 included). The one deliberate difference:
/// integer inputs take the exact difference where NumPy's int-typed <c>next - prev</c> wraps around (int8 values
/// more than 127 apart, int64 values more than 2^63 apart), so those results are right here and wrong in NumPy.
/// </remarks>
internal static class QuantileKernel
{
    /// <summary>
    /// Quantiles <paramref name="qs"/> (already validated, in [0, 1]) of each slice: a result of shape
    /// <c>(qs.Length,) + reduced shape</c>, or the reduced shape alone when <paramref name="scalarQ"/>.
    /// </summary>
    public static NdArray Quantiles<T>(NdArray<T> a, double[] qs, bool scalarQ, int? axis, QuantileMethod method, bool keepdims, ExecutionSettings? settings)
        where T : unmanaged
    {
        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, $"unknown quantile method {(int)method}: use Linear, Lower, Higher, Nearest or Midpoint");
        }

        bool takes = method is QuantileMethod.Lower or QuantileMethod.Higher or QuantileMethod.Nearest;
        if (!takes && typeof(T) == typeof(bool))
        {
            // NumPy's _lerp subtracts the neighbours, which bools cannot do.
            ThrowHelper.ThrowArgument("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.", nameof(a));
        }

        var p = ReductionApi.Plan(a, axis, keepdims);
        long n = p.ReducedLength;
        if (n == 0)
        {
            // NumPy raises an IndexError here for float data, and for any data once q is not empty; with an empty q on
            // integer or bool data it returns an empty array instead. One rule for every dtype: raise.
            ThrowHelper.ThrowArgument($"cannot compute a quantile of an empty slice (shape {a.Shape}, axis {(axis?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")})", nameof(a));
        }

        var plan = QuantilePlan.Create(qs, n, method);
        long[] shape = scalarQ ? p.OutShape : [qs.Length, .. p.OutShape];
        var taken = takes ? new T[qs.Length * p.OutSize] : null;
        var values = takes ? null : new double[qs.Length * p.OutSize];
        if (p.OutSize == 1 && n >= BucketSelect.MinLength)
        {
            // One slice holding every element: their order is irrelevant, so a C-contiguous input is read in place.
            var stats = new T[plan.Needed.Length];
            bool clean = WholeArray(a, plan.Needed, stats, settings);
            Finish(plan, clean ? stats : null, 0, 1, taken, values);
        }
        else
        {
            using var rows = Rows(a, axis);
            ParallelRange.For(p.OutSize, new SelectRows<T>(rows, n, plan, p.OutSize, taken, values), settings, n);
        }

        return taken is not null ? ReductionKernels.Make(taken, shape) : ReductionKernels.Make(values!, shape);
    }

    public static NdArray Median<T>(NdArray<T> a, int? axis, bool keepdims, ExecutionSettings? settings)
        where T : unmanaged
    {
        var p = ReductionApi.Plan(a, axis, keepdims);
        long n = p.ReducedLength;
        var values = new double[p.OutSize];
        if (p.OutSize == 1 && n >= BucketSelect.MinLength)
        {
            long[] ranks = MedianRanks(n);
            var stats = new T[ranks.Length];
            values[0] = WholeArray(a, ranks, stats, settings) ? MedianOf(stats) : double.NaN;
        }
        else
        {
            using var rows = Rows(a, axis);
            ParallelRange.For(p.OutSize, new MedianRows<T>(rows, n, values), settings, Math.Max(n, 1));
        }

        return Result<T>(values, p);
    }

    /// <summary>
    /// Order statistics <paramref name="ranks"/> of all of <paramref name="a"/> by <see cref="BucketSelect"/>, reading a
    /// C-contiguous input in place (any other layout is copied once); false when it holds a NaN.
    /// </summary>
    private static bool WholeArray<T>(NdArray<T> a, long[] ranks, T[] stats, ExecutionSettings? settings)
        where T : unmanaged
    {
        using var source = new ContiguousInput<T>(a);
        return BucketSelect.Select(source.Value, 0, a.Size, ranks, stats, settings);
    }

    /// <summary>The sorted positions np.median reads: the middle one, or the two middle ones of an even length.</summary>
    private static long[] MedianRanks(long n) => n % 2 == 1 ? [n / 2] : [(n / 2) - 1, n / 2];

    /// <summary>
    /// np.median's value from its middle order statistics (<see cref="MedianRanks"/>): <c>mean</c> of the one or
    /// the two (in float32 for float32). NumPy's mean adds from +0.0, so a median of -0.0 is 0.0; the leading
    /// <c>0.0 +</c> changes nothing else.
    /// </summary>
    private static double MedianOf<T>(T[] middle)
        where T : unmanaged
    {
        T lo = middle[0], hi = middle[^1];
        if (middle.Length == 1)
        {
            return 0.0 + ScalarCast.ToDouble(lo);
        }

        if (typeof(T) == typeof(float))
        {
            return (0f + (float)ScalarCast.ToDouble(lo) + (float)ScalarCast.ToDouble(hi)) / 2f;
        }

        return (0.0 + ScalarCast.ToDouble(lo) + ScalarCast.ToDouble(hi)) / 2.0;
    }

    /// <summary>
    /// Writes every quantile of slice <paramref name="r"/> from its order statistics (<paramref name="stats"/>, one per
    /// planned position; null when the slice has NaN) into <c>taken</c> or <c>values</c> at <c>j * outSize + r</c>.
    /// </summary>
    private static void Finish<T>(QuantilePlan plan, T[]? stats, long r, long outSize, T[]? taken, double[]? values)
        where T : unmanaged
    {
        for (int j = 0; j < plan.Prev.Length; j++)
        {
            long o = (j * outSize) + r;
            if (taken is not null)
            {
                taken[o] = stats is null ? ScalarCast.FromDouble<T>(double.NaN) : stats[plan.PrevIndex[j]];
            }
            else if (stats is null)
            {
                values![o] = double.NaN;
            }
            else
            {
                T lo = stats[plan.PrevIndex[j]], hi = stats[plan.NextIndex[j]];
                values![o] = Lerp(ScalarCast.ToDouble(lo), ScalarCast.ToDouble(hi), Difference(lo, hi), plan.Gamma[j]);
            }
        }
    }

    /// <summary>Median results keep float32/float16 (NumPy's median is a mean of the middle values); others give float64.</summary>
    private static NdArray Result<T>(double[] values, ReductionPlan p)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return ReductionKernels.Make(Array.ConvertAll(values, v => (float)v), p.OutShape);
        }

        if (typeof(T) == typeof(Half))
        {
            return ReductionKernels.Make(Array.ConvertAll(values, v => (Half)v), p.OutShape);
        }

        return ReductionKernels.Make(values, p.OutShape);
    }

    /// <summary>A C-contiguous private copy whose rows are the slices (reduced axis moved last, other axes in order).</summary>
    private static NdArray<T> Rows<T>(NdArray<T> a, int? axis)
        where T : unmanaged
    {
        if (axis is null)
        {
            return a.Flatten();
        }

        int ax = NdArray.NormalizeAxis(axis.Value, a.NDim);
        var perm = Enumerable.Range(0, a.NDim).Where(i => i != ax).Append(ax).ToArray();
        return a.Transpose(perm).Copy();
    }

    /// <summary><c>_lerp</c>: <c>a + diff*t</c>, or <c>b - diff*(1-t)</c> when <c>t ≥ 0.5</c> (diff given, see the remarks).</summary>
    internal static double Lerp(double a, double b, double diff, double t) => t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);

    /// <summary><c>b - a</c> as NumPy's <c>subtract(b, a)</c> in the element type, widened to float64 (exact for integers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Difference<T>(T a, T b)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref b) - Unsafe.As<T, float>(ref a);
        }

        if (typeof(T) == typeof(Half))
        {
            return (double)(Unsafe.As<T, Half>(ref b) - Unsafe.As<T, Half>(ref a));
        }

        if (typeof(T) == typeof(long))
        {
            return (double)((Int128)Unsafe.As<T, long>(ref b) - Unsafe.As<T, long>(ref a));
        }

        if (typeof(T) == typeof(ulong))
        {
            // b >= a: the rows are selected in order.
            return Unsafe.As<T, ulong>(ref b) - Unsafe.As<T, ulong>(ref a);
        }

        // double, and integers of at most 32 bits (exact in double).
        return ScalarCast.ToDouble(b) - ScalarCast.ToDouble(a);
    }

    /// <summary>Per quantile: the positions to read and the interpolation weight (the same for every slice).</summary>
    private sealed class QuantilePlan
    {
        private QuantilePlan(long[] prev, long[] next, double[] gamma, long[] needed)
        {
            Prev = prev;
            Next = next;
            Gamma = gamma;
            Needed = needed;
            PrevIndex = Array.ConvertAll(prev, v => Array.BinarySearch(needed, v));
            NextIndex = Array.ConvertAll(next, v => Array.BinarySearch(needed, v));
        }

        /// <summary>Lower order statistic per quantile (the only one for Lower/Higher/Nearest).</summary>
        public long[] Prev { get; }

        /// <summary>Upper order statistic per quantile (equal to <see cref="Prev"/> when no interpolation).</summary>
        public long[] Next { get; }

        /// <summary>Interpolation weight per quantile.</summary>
        public double[] Gamma { get; }

        /// <summary>Distinct positions to select, ascending.</summary>
        public long[] Needed { get; }

        /// <summary>Index of each quantile's <see cref="Prev"/> in <see cref="Needed"/>.</summary>
        public int[] PrevIndex { get; }

        /// <summary>Index of each quantile's <see cref="Next"/> in <see cref="Needed"/>.</summary>
        public int[] NextIndex { get; }

        public static QuantilePlan Create(double[] qs, long n, QuantileMethod method)
        {
            var prev = new long[qs.Length];
            var next = new long[qs.Length];
            var gamma = new double[qs.Length];
            for (int j = 0; j < qs.Length; j++)
            {
                double q = qs[j];
                double x = (n - 1) * q;
                switch (method)
                {
                    case QuantileMethod.Lower:
                        prev[j] = next[j] = (long)Math.Floor(x);
                        break;
                    case QuantileMethod.Higher:
                        prev[j] = next[j] = (long)Math.Ceiling(x);
                        break;
                    case QuantileMethod.Nearest:
                        prev[j] = next[j] = (long)Math.Round(x, MidpointRounding.ToEven);
                        break;
                    default:
                        {
                            double vi = method == QuantileMethod.Linear ? x : 0.5 * (Math.Floor(x) + Math.Ceiling(x));

                            // _get_indexes: at or above the last index both neighbours are the last element (index -1).
                            double pv = Math.Floor(vi), nx = pv + 1;
                            if (vi >= n - 1)
                            {
                                pv = nx = -1;
                            }

                            gamma[j] = method == QuantileMethod.Midpoint ? (vi % 1 == 0 ? 0 : 0.5) : vi - pv;
                            prev[j] = pv < 0 ? n - 1 : (long)pv;
                            next[j] = nx < 0 ? n - 1 : (long)nx;
                            break;
                        }
                }
            }

            long[] needed = [.. prev.Concat(next).Distinct().Order()];
            return new QuantilePlan(prev, next, gamma, needed);
        }
    }

    /// <summary>
    /// Selects the planned positions of each row (of the private row-major copy) once, then reads every quantile
    /// from them (<see cref="Finish"/>). Long rows are bucket-selected, short ones quickselected, one thread per row.
    /// </summary>
    private readonly struct SelectRows<T>(NdArray<T> rows, long n, QuantilePlan plan, long outSize, T[]? taken, double[]? values) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            var stats = new T[plan.Needed.Length];
            var ks = n < BucketSelect.MinLength ? Array.ConvertAll(plan.Needed, k => (int)k) : null;
            for (long r = start; r < end; r++)
            {
                bool clean;
                if (ks is null)
                {
                    clean = BucketSelect.Select(rows, r * n, n, plan.Needed, stats, ExecutionSettings.Sequential);
                }
                else
                {
                    var row = Row(rows, r, n);
                    clean = SortKernel.SelectMany(row, ks) == n;
                    for (int i = 0; i < ks.Length && clean; i++)
                    {
                        stats[i] = row[ks[i]];
                    }
                }

                Finish(plan, clean ? stats : null, r, outSize, taken, values);
            }
        }
    }

    /// <summary>Row <paramref name="r"/> (length <paramref name="n"/>, below 2^31) of the C-contiguous row copy.</summary>
    private static Span<T> Row<T>(NdArray<T> rows, long r, long n)
        where T : unmanaged => MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows.DangerousGetReferenceInternal(), (nint)(r * n)), (int)n);

    private readonly struct MedianRows<T>(NdArray<T> rows, long n, double[] result) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            if (n == 0)
            {
                Array.Fill(result, double.NaN, (int)start, (int)(end - start));
                return;
            }

            long[] ranks = MedianRanks(n);
            var stats = new T[ranks.Length];
            for (long r = start; r < end; r++)
            {
                bool clean;
                if (n >= BucketSelect.MinLength)
                {
                    clean = BucketSelect.Select(rows, r * n, n, ranks, stats, ExecutionSettings.Sequential);
                }
                else
                {
                    // Select the lower middle; the upper one (even n) is the minimum of what follows it.
                    var row = Row(rows, r, n);
                    int k = (int)ranks[0];
                    clean = SortKernel.SelectValues(row, k) == n;
                    if (clean)
                    {
                        stats[0] = row[k];
                        stats[^1] = ranks.Length == 1 ? row[k] : SortKernel.NextAfterSelected<T>(row, k);
                    }
                }

                result[r] = clean ? MedianOf(stats) : double.NaN;
            }
        }
    }
}
