using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>Order statistics over sorted copies of each slice, with NumPy 1.24's index and interpolation formulas.</summary>
internal static class QuantileKernel
{
    public static NdArray Quantile<T>(NdArray<T> a, double q, int? axis, QuantileMethod method, bool keepdims, ExecutionSettings? settings)
        where T : unmanaged
    {
        var (rows, p) = Rows(a, axis, keepdims);
        long n = p.ReducedLength;
        if (n == 0 && p.OutSize > 0)
        {
            ThrowHelper.ThrowArgument($"cannot compute a quantile of an empty slice (shape {a.Shape}, axis {(axis?.ToString() ?? "None")})");
        }

        bool takes = method is QuantileMethod.Lower or QuantileMethod.Higher or QuantileMethod.Nearest;
        if (takes)
        {
            var result = new T[p.OutSize];
            ParallelRange.For(p.OutSize, new TakeRows<T>(rows, n, q, method, result), settings, n);
            return ReductionKernels.Make(result, p.OutShape);
        }

        var values = new double[p.OutSize];
        ParallelRange.For(p.OutSize, new InterpolateRows<T>(rows, n, q, method, values), settings, n);
        return Result<T>(values, p);
    }

    public static NdArray Median<T>(NdArray<T> a, int? axis, bool keepdims, ExecutionSettings? settings)
        where T : unmanaged
    {
        var (rows, p) = Rows(a, axis, keepdims);
        var values = new double[p.OutSize];
        ParallelRange.For(p.OutSize, new MedianRows<T>(rows, p.ReducedLength, values), settings, Math.Max(p.ReducedLength, 1));
        return Result<T>(values, p);
    }

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

    /// <summary>A C-contiguous copy whose rows are the slices (reduced axis moved last, other axes in order).</summary>
    private static (NdArray<T> Rows, ReductionPlan Plan) Rows<T>(NdArray<T> a, int? axis, bool keepdims)
        where T : unmanaged
    {
        var p = ReductionApi.Plan(a, axis, keepdims);
        if (axis is null)
        {
            return (a.Flatten(), p);
        }

        int ax = NdArray.NormalizeAxis(axis.Value, a.NDim);
        var perm = Enumerable.Range(0, a.NDim).Where(i => i != ax).Append(ax).ToArray();
        return (a.Transpose(perm).Copy(), p);
    }

    /// <summary><c>_lerp</c>: <c>a + (b-a)*t</c>, or <c>b - (b-a)*(1-t)</c> when <c>t ≥ 0.5</c>.</summary>
    internal static double Lerp(double a, double b, double t)
    {
        double diff = b - a;
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    private readonly struct TakeRows<T>(NdArray<T> rows, long n, double q, QuantileMethod method, T[] result) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            var all = rows.AsSpanInternal();
            double x = (n - 1) * q;
            long k = method switch
            {
                QuantileMethod.Lower => (long)Math.Floor(x),
                QuantileMethod.Higher => (long)Math.Ceiling(x),
                _ => (long)Math.Round(x, MidpointRounding.ToEven),
            };
            for (long r = start; r < end; r++)
            {
                var row = all.Slice((int)(r * n), (int)n);
                int valid = SortKernel.SelectValues(row, (int)k);
                result[r] = valid < n ? ScalarCast.FromDouble<T>(double.NaN) : row[(int)k];
            }
        }
    }

    private readonly struct InterpolateRows<T>(NdArray<T> rows, long n, double q, QuantileMethod method, double[] result) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            var all = rows.AsSpanInternal();
            double vi;
            if (method == QuantileMethod.Linear)
            {
                vi = (n - 1) * q;
            }
            else
            {
                vi = 0.5 * (Math.Floor((n - 1) * q) + Math.Ceiling((n - 1) * q));
            }

            // _get_indexes
            double prev = Math.Floor(vi), next = prev + 1;
            if (vi >= n - 1)
            {
                prev = next = -1;
            }

            if (vi < 0)
            {
                prev = next = 0;
            }

            double gamma = vi - prev;
            if (method == QuantileMethod.Midpoint)
            {
                gamma = vi % 1 == 0 ? 0 : 0.5;
            }

            long pi = prev < 0 ? n - 1 : (long)prev, ni = next < 0 ? n - 1 : (long)next;
            for (long r = start; r < end; r++)
            {
                var row = all.Slice((int)(r * n), (int)n);
                int valid = SortKernel.SelectValues(row, (int)pi);
                if (valid < n)
                {
                    result[r] = double.NaN;
                    continue;
                }

                double lo = ScalarCast.ToDouble(row[(int)pi]);
                double hi = ni == pi ? lo : ScalarCast.ToDouble(SortKernel.NextAfterSelected<T>(row, (int)pi));
                result[r] = typeof(T) == typeof(float) ? LerpSingle((float)lo, (float)hi, gamma) : Lerp(lo, hi, gamma);
            }
        }

        private static double LerpSingle(float a, float b, double t)
        {
            float diff = b - a;
            return t >= 0.5 ? b - (float)(diff * (1 - t)) : a + (float)(diff * t);
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
