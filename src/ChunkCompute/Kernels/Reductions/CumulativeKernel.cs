using ChunkCompute.Execution;

namespace ChunkCompute.Kernels;

/// <summary>Prefix sums/products of dense rows (the scanned axis moved last), then moved back.</summary>
internal static class CumulativeKernel
{
    public static NdArray Scan<T>(NdArray<T> a, int? axis, bool product, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        if (typeof(T) == typeof(double))
        {
            return Run<T, double>(a, axis, product, settings);
        }

        if (typeof(T) == typeof(float))
        {
            return Run<T, float>(a, axis, product, settings);
        }

        if (typeof(T) == typeof(Half))
        {
            return Run<T, Half>(a, axis, product, settings);
        }

        return ReductionTypes.IsUnsignedInteger<T>() ? Run<T, ulong>(a, axis, product, settings) : Run<T, long>(a, axis, product, settings);
    }

    private static NdArray<TR> Run<T, TR>(NdArray<T> a, int? axis, bool product, ExecutionSettings? settings)
        where T : unmanaged
        where TR : unmanaged
    {
        int[]? perm = null;
        NdArray<TR> rows;
        if (axis is null || a.NDim == 0)
        {
            rows = a.AsType<TR>().Reshape(a.Size);
        }
        else
        {
            int ax = NdArray.NormalizeAxis(axis.Value, a.NDim);
            perm = Enumerable.Range(0, a.NDim).Where(i => i != ax).Append(ax).ToArray();
            rows = a.Transpose(perm).AsType<TR>();
        }

        long n = rows.NDim == 0 ? 1 : rows.Shape[^1];
        if (rows.Size > 0)
        {
            ParallelRange.For(rows.Size / n, new ScanRows<TR>(rows, n, product), settings, n);
        }

        if (perm is null)
        {
            return rows;
        }

        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return rows.Transpose(inverse).Copy();
    }

    private readonly struct ScanRows<TR>(NdArray<TR> rows, long n, bool product) : IRangeAction
        where TR : unmanaged
    {
        public void Invoke(long start, long end)
        {
            var all = rows.AsSpanInternal();
            for (long r = start; r < end; r++)
            {
                var row = all.Slice((int)(r * n), (int)n);
                if (typeof(TR) == typeof(double))
                {
                    var s = System.Runtime.InteropServices.MemoryMarshal.Cast<TR, double>(row);
                    for (int i = 1; i < s.Length; i++)
                    {
                        s[i] = product ? s[i - 1] * s[i] : s[i - 1] + s[i];
                    }
                }
                else if (typeof(TR) == typeof(float))
                {
                    var s = System.Runtime.InteropServices.MemoryMarshal.Cast<TR, float>(row);
                    for (int i = 1; i < s.Length; i++)
                    {
                        s[i] = product ? s[i - 1] * s[i] : s[i - 1] + s[i];
                    }
                }
                else if (typeof(TR) == typeof(Half))
                {
                    var s = System.Runtime.InteropServices.MemoryMarshal.Cast<TR, Half>(row);
                    for (int i = 1; i < s.Length; i++)
                    {
                        s[i] = (Half)(product ? (float)s[i - 1] * (float)s[i] : (float)s[i - 1] + (float)s[i]);
                    }
                }
                else if (typeof(TR) == typeof(long))
                {
                    var s = System.Runtime.InteropServices.MemoryMarshal.Cast<TR, long>(row);
                    for (int i = 1; i < s.Length; i++)
                    {
                        s[i] = unchecked(product ? s[i - 1] * s[i] : s[i - 1] + s[i]);
                    }
                }
                else
                {
                    var s = System.Runtime.InteropServices.MemoryMarshal.Cast<TR, ulong>(row);
                    for (int i = 1; i < s.Length; i++)
                    {
                        s[i] = unchecked(product ? s[i - 1] * s[i] : s[i - 1] + s[i]);
                    }
                }
            }
        }
    }
}
