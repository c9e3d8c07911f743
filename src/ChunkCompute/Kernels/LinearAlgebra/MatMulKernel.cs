using System.Numerics;
using System.Runtime.Intrinsics;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels.LinearAlgebra;

/// <summary>
/// <c>np.matmul</c>: shape rules (1-D promotion, batch broadcasting, NumPy's error messages), the result array and the
/// split of the work over threads; the arithmetic is <see cref="GemmDriver{T, TKernel}"/> around the widest
/// micro-kernel the machine runs (<see cref="IGemmMicroKernel{T}"/>). The choice of kernel and of the thread split
/// never changes a bit of the result.
/// </summary>
internal static class MatMulKernel
{
    private const string Signature = "(n?,k),(k,m?)->(n?,m?)";

    /// <summary>Fewest row groups per thread before the columns are split too (keeps threads within ~1/8 of each other).</summary>
    private const int UnitsPerStep = 8;

    /// <summary>
    /// Multiply-adds that count as one "element" for <see cref="ExecutionSettings.MinimumElementsPerTask"/>: the
    /// micro-kernel does a Vector512 of them in the time a streaming kernel handles about one element, so the default
    /// 32,768 starts a second thread at about 64³ multiply-adds (microseconds of work, like 32,768 streamed elements).
    /// </summary>
    private const int MultiplyAddsPerElement = 8;

    public static NdArray<T> MatMul<T>(NdArray<T> a, NdArray<T> b, ExecutionSettings? settings)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(Half))
        {
            // NumPy's float16 matmul multiplies and accumulates in float32 and rounds once per element; a float16
            // product is exact in float32, so the float32 kernel gives NumPy's bits.
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            using var af = a.AsType<float>();
            using var bf = b.AsType<float>();
            using var cf = MatMul(af, bf, settings);
            return cf.AsType<T>();
        }

        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            return MatMul<T, GemmKernel512<T, MultiplyThenAdd>>(a, b, settings);
        }

        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            return MatMul<T, GemmKernel256<T>>(a, b, settings);
        }

        if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
        {
            return MatMul<T, GemmKernel128<T>>(a, b, settings);
        }

        return MatMul<T, GemmKernelScalar<T>>(a, b, settings);
    }

    /// <summary><c>np.matmul</c> with a given micro-kernel (tests run every width in one process; the benchmark runs the FMA variant).</summary>
    public static NdArray<T> MatMul<T, TKernel>(NdArray<T> a, NdArray<T> b, ExecutionSettings? settings)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.NDim == 0 || b.NDim == 0)
        {
            ThrowHelper.ThrowArgument($"matmul: Input operand {(a.NDim == 0 ? 0 : 1)} does not have enough dimensions (has 0, gufunc core with signature {Signature} requires 1)");
        }

        // A 1-D operand is a row (left) or column (right) vector whose axis is dropped from the result.
        bool aVector = a.NDim == 1, bVector = b.NDim == 1;
        long m = aVector ? 1 : a.Shape[^2], k = a.Shape[^1];
        long kb = bVector ? b.Shape[0] : b.Shape[^2], n = bVector ? 1 : b.Shape[^1];
        if (k != kb)
        {
            ThrowHelper.ThrowArgument($"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature {Signature} (size {kb} is different from {k})");
        }

        var aBatch = a.Shape.AsSpan()[..Math.Max(a.NDim - 2, 0)];
        var bBatch = b.Shape.AsSpan()[..Math.Max(b.NDim - 2, 0)];
        if (!Broadcasting.TryBroadcastShapes([new Shape(aBatch.ToArray()), new Shape(bBatch.ToArray())], out long[] batchShape))
        {
            ThrowHelper.ThrowArgument($"operands could not be broadcast together with remapped shapes [original->remapped]: {Remapped(a)} {Remapped(b)}  and requested shape ({m},{n})");
        }

        long[] stridesA = Broadcasting.BroadcastStrides(aBatch, a.Strides[..aBatch.Length], batchShape);
        long[] stridesB = Broadcasting.BroadcastStrides(bBatch, b.Strides[..bBatch.Length], batchShape);
        long batch = 1;
        foreach (long d in batchShape)
        {
            batch = checked(batch * d);
        }

        var shape = new List<long>(batchShape);
        if (!aVector)
        {
            shape.Add(m);
        }

        if (!bVector)
        {
            shape.Add(n);
        }

        if (checked(batch * m * n) == 0 || k == 0)
        {
            return NdArray.Zeros<T>([.. shape]);
        }

        // A disposed operand throws ObjectDisposedException here, on the caller's thread, not inside a worker.
        _ = a.DangerousGetReferenceForRead();
        _ = b.DangerousGetReferenceForRead();
        var c = NdArray.Empty<T>([.. shape]);
        long rsA = aVector ? 0 : a.Strides[^2], csA = a.Strides[^1];
        long rsB = b.Strides[bVector ? 0 : ^2], csB = bVector ? 0 : b.Strides[^1];
        var problem = n == 1 && m > 1
            // A single column (matrix · vector): compute the row Cᵀ = bᵀ · Aᵀ instead, so the micro-kernel's wide
            // NR dimension runs over A's rows rather than over one column padded to NR. Same products (they
            // commute exactly), same ascending p: same bits.
            ? new GemmProblem<T>(b, a, c, 1, m, k, csB, rsB, csA, rsA, batchShape, stridesB, stridesA)
            : new GemmProblem<T>(a, b, c, m, n, k, rsA, csA, rsB, csB, batchShape, stridesA, stridesB);
        m = problem.M;
        n = problem.N;

        // Units: (batch, column part, row group of MR rows). One column part unless there are too few row groups
        // to give each thread UnitsPerStep of them; parts are whole micro-panels, so no tile is shared.
        var s = ExecutionSettings.Resolve(settings);
        long work = Math.Max(1, SaturatingProduct(batch, m, n, k) / MultiplyAddsPerElement);
        int steps = s.StepCount(work);
        long rowGroups = ((m - 1) / TKernel.MR) + 1;
        long panels = ((n - 1) / TKernel.NR) + 1;
        int columnParts = 1;
        if (steps > 1 && batch * rowGroups < (long)UnitsPerStep * steps)
        {
            long wanted = (((long)UnitsPerStep * steps) + (batch * rowGroups) - 1) / (batch * rowGroups);
            columnParts = (int)Math.Min(wanted, panels);
        }

        long units = batch * columnParts * rowGroups;
        ParallelRange.For(units, new Units<T, TKernel>(problem, columnParts), settings, Math.Max(1, work / units));
        return c;
    }

    /// <summary>NumPy's "original->remapped" form of an operand in the batch-broadcast error: core axes become <c>newaxis</c>.</summary>
    private static string Remapped(NdArray a)
    {
        var dims = a.Shape.AsSpan();
        string original = Broadcasting.Compact(dims);
        var remapped = new List<string>();
        for (int i = 0; i < dims.Length; i++)
        {
            remapped.Add(i < dims.Length - 2 ? dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "newaxis");
        }

        return $"{original}->({string.Join(",", remapped)})";
    }

    private static long SaturatingProduct(long batch, long m, long n, long k)
    {
        Int128 p = (Int128)batch * m * n * k;
        return p > long.MaxValue ? long.MaxValue : (long)p;
    }

    private readonly struct Units<T, TKernel>(GemmProblem<T> problem, int columnParts) : IRangeAction
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        public void Invoke(long start, long end) => GemmDriver<T, TKernel>.RunUnits(problem, columnParts, start, end);
    }
}
