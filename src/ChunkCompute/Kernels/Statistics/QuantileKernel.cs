using System.Runtime.CompilerServices;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>
/// Order statistics of each slice, selected (not sorted) from a private copy, with NumPy 1.24's index and
/// interpolation formulas. Several quantiles of one slice share one selection pass
/// (<see cref="SortKernel.SelectMany{T}(Span{T}, ReadOnlySpan{int})"/>).
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
            // NumPy raises (an IndexError from its take) whenever the reduced length is 0, even for an empty result.
            ThrowHelper.ThrowArgument($"cannot compute a quantile of an empty slice (shape {a.Shape}, axis {(axis?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")})", nameof(a));
        }

        var plan = QuantilePlan.Create(qs, n, method);
        long[] shape = scalarQ ? p.OutShape : [qs.Length, .. p.OutShape];
        using var rows = Rows(a, axis);
        if (takes)
        {
            var taken = new T[qs.Length * p.OutSize];
            ParallelRange.For(p.OutSize, new SelectRows<T>(rows, n, plan, p.OutSize, taken, null), settings, n);
            return ReductionKernels.Make(taken, shape);
        }

        var values = new double[qs.Length * p.OutSize];
        ParallelRange.For(p.OutSize, new SelectRows<T>(rows, n, plan, p.OutSize, null, values), settings, n);
        return ReductionKernels.Make(values, shape);
    }

    public static NdArray Median<T>(NdArray<T> a, int? axis, bool keepdims, ExecutionSettings? settings)
        where T : unmanaged
    {
        var p = ReductionApi.Plan(a, axis, keepdims);
        using var rows = Rows(a, axis);
        var values = new double[p.OutSize];
        ParallelRange.For(p.OutSize, new MedianRows<T>(rows, p.ReducedLength, values), settings, Math.Max(p.ReducedLength, 1));
        return Result<T>(values, p);
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
        private QuantilePlan(int[] prev, int[] next, double[] gamma, int[] needed)
        {
            Prev = prev;
            Next = next;
            Gamma = gamma;
            Needed = needed;
        }

        /// <summary>Lower order statistic per quantile (the only one for Lower/Higher/Nearest).</summary>
        public int[] Prev { get; }

        /// <summary>Upper order statistic per quantile (equal to <see cref="Prev"/> when no interpolation).</summary>
        public int[] Next { get; }

        /// <summary>Interpolation weight per quantile.</summary>
        public double[] Gamma { get; }

        /// <summary>Distinct positions to select, ascending.</summary>
        public int[] Needed { get; }

        public static QuantilePlan Create(double[] qs, long n, QuantileMethod method)
        {
            var prev = new int[qs.Length];
            var next = new int[qs.Length];
            var gamma = new double[qs.Length];
            for (int j = 0; j < qs.Length; j++)
            {
                double q = qs[j];
                double x = (n - 1) * q;
                switch (method)
                {
                    case QuantileMethod.Lower:
                        prev[j] = next[j] = (int)Math.Floor(x);
                        break;
                    case QuantileMethod.Higher:
                        prev[j] = next[j] = (int)Math.Ceiling(x);
                        break;
                    case QuantileMethod.Nearest:
                        prev[j] = next[j] = (int)Math.Round(x, MidpointRounding.ToEven);
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
                            prev[j] = pv < 0 ? (int)(n - 1) : (int)pv;
                            next[j] = nx < 0 ? (int)(n - 1) : (int)nx;
                            break;
                        }
                }
            }

            int[] needed = [.. prev.Concat(next).Distinct().Order()];
            return new QuantilePlan(prev, next, gamma, needed);
        }
    }

    /// <summary>
    /// Selects the planned positions of each row once, then reads every quantile from them: into
    /// <c>taken</c> (Lower/Higher/Nearest, element type kept) or <c>values</c> (interpolated, float64);
    /// output <c>j * outSize + r</c> holds quantile <c>j</c> of row <c>r</c>. A row with NaN gives NaN.
    /// </summary>
    private readonly struct SelectRows<T>(NdArray<T> rows, long n, QuantilePlan plan, long outSize, T[]? taken, double[]? values) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            var all = rows.AsSpanInternal();
            int m = plan.Prev.Length;
            for (long r = start; r < end; r++)
            {
                var row = all.Slice((int)(r * n), (int)n);
                bool hasNaN = SortKernel.SelectMany(row, plan.Needed) < n;
                for (int j = 0; j < m; j++)
                {
                    long o = (j * outSize) + r;
                    if (taken is not null)
                    {
                        taken[o] = hasNaN ? ScalarCast.FromDouble<T>(double.NaN) : row[plan.Prev[j]];
                    }
                    else if (hasNaN)
                    {
                        values![o] = double.NaN;
                    }
                    else
                    {
                        T lo = row[plan.Prev[j]], hi = row[plan.Next[j]];
                        values![o] = Lerp(ScalarCast.ToDouble(lo), ScalarCast.ToDouble(hi), Difference(lo, hi), plan.Gamma[j]);
                    }
                }
            }
        }
    }

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

            var all = rows.AsSpanInternal();
            for (long r = start; r < end; r++)
            {
                var row = all.Slice((int)(r * n), (int)n);
                int h = (int)(n / 2);
                int valid = SortKernel.SelectValues(row, n % 2 == 1 ? h : h - 1);
                if (valid < n)
                {
                    result[r] = double.NaN;
                    continue;
                }

                if (n % 2 == 1)
                {
                    result[r] = ScalarCast.ToDouble(row[h]);
                }
                else if (typeof(T) == typeof(float))
                {
                    result[r] = ((float)ScalarCast.ToDouble(row[h - 1]) + (float)ScalarCast.ToDouble(SortKernel.NextAfterSelected<T>(row, h - 1))) / 2f;
                }
                else
                {
                    result[r] = (ScalarCast.ToDouble(row[h - 1]) + ScalarCast.ToDouble(SortKernel.NextAfterSelected<T>(row, h - 1))) / 2.0;
                }
            }
        }
    }
}
