using System.Runtime.CompilerServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Kernels.LinearAlgebra;

/// <summary>The reproducible dot product driver (two operands, same block grid as <see cref="ReproducibleSum"/>).</summary>
internal static class DotKernel
{
    private const long SuperBlockElements = (long)ReproducibleSum.BlockSize * ReproducibleSum.BlocksPerSuperBlock;

    public static double Dot<T>(NdArray<T> x, NdArray<T> y, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.NDim != 1 || y.NDim != 1)
        {
            ThrowHelper.ThrowArgument($"Dot takes 1-D operands, got shapes {x.Shape} and {y.Shape}; use MatMul for matrices", x.NDim != 1 ? nameof(x) : nameof(y));
        }

        if (x.Size != y.Size)
        {
            ThrowHelper.ThrowArgument($"shapes {x.Shape} and {y.Shape} not aligned: {x.Shape[0]} (dim 0) != {y.Shape[0]} (dim 0)", nameof(y));
        }

        long n = x.Size;
        if (n == 0)
        {
            return 0.0;
        }

        // Copies of non-contiguous operands are freed on return; the reads here raise a disposed operand's
        // ObjectDisposedException on the caller's thread, before any step runs.
        using var xs = new ContiguousInput<T>(x);
        using var ys = new ContiguousInput<T>(y);
        var xc = xs.Value;
        var yc = ys.Value;
        _ = xc.DangerousGetReferenceForRead();
        _ = yc.DangerousGetReferenceForRead();
        long superBlocks = ((n - 1) / SuperBlockElements) + 1;
        var partials = new double[superBlocks];
        ParallelRange.For(superBlocks, new DotAction<T>(xc, yc, partials), settings, SuperBlockElements);
        return ReproducibleSum.Combine(partials);
    }

    private readonly struct DotAction<T>(NdArray<T> x, NdArray<T> y, double[] partials) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long start, long end)
        {
            long n = x.Size;
            for (long sb = start; sb < end; sb++)
            {
                long firstBlock = sb * ReproducibleSum.BlocksPerSuperBlock;
                int count = (int)Math.Min(ReproducibleSum.BlocksPerSuperBlock, ReproducibleSum.BlockCount(n) - firstBlock);
                if (typeof(T) == typeof(double))
                {
                    var src = new DoubleProductTerms(ref Unsafe.As<T, double>(ref x.DangerousGetReferenceForRead()), ref Unsafe.As<T, double>(ref y.DangerousGetReferenceForRead()));
                    partials[sb] = ReproducibleSum.SuperBlockSum(ref src, n, firstBlock, count);
                }
                else
                {
                    var src = new SingleProductTerms(ref Unsafe.As<T, float>(ref x.DangerousGetReferenceForRead()), ref Unsafe.As<T, float>(ref y.DangerousGetReferenceForRead()));
                    partials[sb] = ReproducibleSum.SuperBlockSum(ref src, n, firstBlock, count);
                }
            }
        }
    }
}
