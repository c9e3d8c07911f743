using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// Dot and MatMul.
public abstract partial class NdArray
{
    /// <summary>
    /// Inner product of two 1-D arrays, as <c>np.dot(x, y)</c>: the <see cref="ReproducibleSum"/> of the rounded
    /// products, so the bits do not depend on threads or instruction set.
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector (same length).</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="ArgumentException">Not 1-D, or the lengths differ (NumPy's "shapes (3,) and (4,) not aligned" message).</exception>
    public static double Dot(NdArray<double> x, NdArray<double> y, ExecutionSettings? settings = null) => DotKernel.Dot(x, y, settings);

    /// <summary>Inner product of two 1-D float32 arrays, accumulated reproducibly in float64 and rounded once.</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector (same length).</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <exception cref="ArgumentException">Not 1-D, or the lengths differ.</exception>
    public static float Dot(NdArray<float> x, NdArray<float> y, ExecutionSettings? settings = null) => (float)DotKernel.Dot(x, y, settings);

    /// <summary>
    /// Matrix product as <c>np.matmul(a, b)</c> for 2-D operands and batched 3-D operands (a batch dimension of 1
    /// broadcasts). Uses our own cache-blocked, SIMD, multithreaded kernel; each element is accumulated over
    /// <c>k</c> in ascending order with rounded products (no FMA), so results do not depend on threads.
    /// </summary>
    /// <param name="a">Left operand, shape (n, k) or (batch, n, k).</param>
    /// <param name="b">Right operand, shape (k, m) or (batch, k, m).</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Ranks other than 2 or 3, a core-dimension mismatch (NumPy's gufunc message), or batch sizes that do not broadcast.</exception>
    public static NdArray<double> MatMul(NdArray<double> a, NdArray<double> b, ExecutionSettings? settings = null) => MatMulKernel.MatMul(a, b, settings);
}

/// <summary>The reproducible dot product driver (two operands, same block grid as <see cref="ReproducibleSum"/>).</summary>
internal static class DotKernel
{
    private const long SuperBlockElements = (long)ReproducibleSum.BlockSize * ReproducibleSum.BlocksPerSuperBlock;

    public static double Dot<T>(NdArray<T> x, NdArray<T> y, ExecutionSettings? settings)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.NDim != 1 || y.NDim != 1 || x.Size != y.Size)
        {
            ThrowHelper.ThrowArgument($"shapes {x.Shape} and {y.Shape} not aligned: {(x.NDim == 0 ? 1 : x.Shape[^1])} (dim {Math.Max(x.NDim - 1, 0)}) != {(y.NDim == 0 ? 1 : y.Shape[0])} (dim 0)" + (x.NDim != 1 || y.NDim != 1 ? " (Dot takes 1-D operands; use MatMul for matrices)" : string.Empty));
        }

        long n = x.Size;
        if (n == 0)
        {
            return 0.0;
        }

        var xc = x.AsContiguous();
        var yc = y.AsContiguous();
        long superBlocks = ((n - 1) / SuperBlockElements) + 1;
        var partials = new double[superBlocks];
        ParallelRange.For(superBlocks, new DotAction<T>(xc, yc, partials), settings, SuperBlockElements);
        return ReproducibleSum.Combine(partials);
    }

    private readonly struct DotAction<T>(NdArray<T> x, NdArray<T> y, double[] partials) : IRangeAction
        where T : unmanaged
    {
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

/// <summary>
/// Blocked matrix product: rows of C are computed as <c>C[i,:] += A[i,k] * B[k,:]</c> over panels of <c>k</c> and
/// column strips of B that stay in cache; the inner update is a SIMD axpy over a contiguous strip. Threads split
/// the rows (every element sees the same operations in the same order whatever the thread count).
/// </summary>
internal static class MatMulKernel
{
    private const int KPanel = 256;
    private const int NStrip = 512;

    public static NdArray<double> MatMul(NdArray<double> a, NdArray<double> b, ExecutionSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.NDim is < 2 or > 3 || b.NDim is < 2 or > 3)
        {
            ThrowHelper.ThrowArgument($"MatMul takes 2-D or 3-D operands, got shapes {a.Shape} and {b.Shape}");
        }

        long n = a.Shape[^2], k = a.Shape[^1], k2 = b.Shape[^2], m = b.Shape[^1];
        if (k != k2)
        {
            ThrowHelper.ThrowArgument($"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {k2} is different from {k})");
        }

        long ba = a.NDim == 3 ? a.Shape[0] : 1, bb = b.NDim == 3 ? b.Shape[0] : 1;
        if (ba != bb && ba != 1 && bb != 1)
        {
            ThrowHelper.ThrowArgument($"operands could not be broadcast together with remapped shapes [original->remapped]: {a.Shape}->{a.Shape}  {b.Shape}->{b.Shape}  and requested shape ({n},{m})");
        }

        long batch = Math.Max(ba, bb);
        bool batched = a.NDim == 3 || b.NDim == 3;
        var ac = a.AsContiguous();
        var bc = b.AsContiguous();
        var c = batched ? NdArray.Zeros<double>(batch, n, m) : NdArray.Zeros<double>(n, m);
        if (c.Size == 0 || k == 0)
        {
            return c;
        }

        ParallelRange.For(batch * n, new Rows(ac, bc, c, n, k, m, ba == 1, bb == 1), settings, k * m);
        return c;
    }

    private readonly struct Rows(NdArray<double> a, NdArray<double> b, NdArray<double> c, long n, long k, long m, bool aBroadcast, bool bBroadcast) : IRangeAction
    {
        public void Invoke(long start, long end)
        {
            ref double a0 = ref a.DangerousGetReferenceForRead();
            ref double b0 = ref b.DangerousGetReferenceForRead();
            ref double c0 = ref c.DangerousGetReferenceInternal();
            for (long j0 = 0; j0 < m; j0 += NStrip)
            {
                int w = (int)Math.Min(NStrip, m - j0);
                for (long p0 = 0; p0 < k; p0 += KPanel)
                {
                    long p1 = Math.Min(k, p0 + KPanel);
                    for (long r = start; r < end; r++)
                    {
                        long bi = r / n, i = r % n;
                        ref double arow = ref Unsafe.Add(ref a0, (nint)((aBroadcast ? 0 : bi * n * k) + (i * k)));
                        ref double bmat = ref Unsafe.Add(ref b0, (nint)(bBroadcast ? 0 : bi * k * m));
                        var crow = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c0, (nint)((r * m) + j0)), w);
                        for (long p = p0; p < p1; p++)
                        {
                            double s = Unsafe.Add(ref arow, (nint)p);
                            var brow = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref bmat, (nint)((p * m) + j0)), w);
                            Axpy(s, brow, crow);
                        }
                    }
                }
            }
        }

        /// <summary><c>y += s * x</c> with a rounded product then a rounded sum (no FMA), same bits at every width.</summary>
        private static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
        {
            int i = 0;
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            if (Vector512.IsHardwareAccelerated)
            {
                var vs = Vector512.Create(s);
                for (; i + 8 <= x.Length; i += 8)
                {
                    (Vector512.LoadUnsafe(ref yr, (nuint)i) + (vs * Vector512.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var vs = Vector256.Create(s);
                for (; i + 4 <= x.Length; i += 4)
                {
                    (Vector256.LoadUnsafe(ref yr, (nuint)i) + (vs * Vector256.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
                }
            }

            for (; i < x.Length; i++)
            {
                Unsafe.Add(ref yr, i) += s * Unsafe.Add(ref xr, i);
            }
        }
    }
}
