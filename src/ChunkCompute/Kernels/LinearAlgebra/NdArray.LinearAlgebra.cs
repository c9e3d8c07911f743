using System.Numerics;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.LinearAlgebra;

namespace ChunkCompute;

// Dot and MatMul.
public abstract partial class NdArray
{
    /// <summary>
    /// Inner product of two 1-D arrays, as <c>np.dot(x, y)</c>: the <see cref="Kernels.ReproducibleSum"/> of the rounded
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
    /// Matrix product as <c>np.matmul(a, b)</c> (<c>a @ b</c>): 2-D operands, stacks of matrices whose leading (batch)
    /// axes broadcast, and 1-D operands promoted to a row (left) or column (right) vector whose axis is dropped from
    /// the result (1-D · 1-D gives a 0-d array).
    /// </summary>
    /// <remarks>
    /// <para>Each element <c>C[i, j]</c> is <c>((0 + a[i,0]·b[0,j]) + a[i,1]·b[1,j]) + …</c>: accumulated over
    /// <c>p = 0 .. k-1</c> in increasing order in <typeparamref name="T"/>, each product rounded and then each sum
    /// rounded (no fused multiply-add). The result therefore has the same bits for any thread count and on every
    /// instruction set (AVX-512, AVX2, SSE, scalar), and equals a naive loop written in that order. No FMA: a fused
    /// step would make the AVX-512 bits differ from the fallbacks'; on Zen 5 the separate multiply and add cost
    /// little (bench/figures/reductions.md gives the measured difference).</para>
    /// <para>float32 accumulates in float32, as NumPy's BLAS sgemm does (error grows like <c>k·ε₃₂</c>; convert to
    /// float64 first when that is too coarse). float16 multiplies and accumulates in float32 and rounds once, as NumPy
    /// does. Integer types wrap on overflow, as NumPy. Operands may be any views (transposed, strided, reversed):
    /// they are packed into cache-sized blocks, never copied whole. The result is a new C-contiguous array.</para>
    /// <para>The kernel: a register-blocked 6 × 32 (float64) micro-kernel over packed panels of A and B, blocked for
    /// L1/L2, threads splitting the tiles of C (see <c>GemmDriver</c>). It measured faster than MathNet.Numerics'
    /// managed provider at every size (bench/figures/reductions.md), so the library has no MathNet dependency.</para>
    /// </remarks>
    /// <typeparam name="T">Element type: float64, float32, float16 or an integer type.</typeparam>
    /// <param name="a">Left operand, shape (…, n, k) or (k,).</param>
    /// <param name="b">Right operand, shape (…, k, m) or (k,).</param>
    /// <param name="settings">Parallelism (null: <see cref="ExecutionSettings.Current"/>); never changes the result.</param>
    /// <returns>Shape (…, n, m) with the batch axes broadcast, minus the axes of 1-D operands.</returns>
    /// <exception cref="ArgumentException">
    /// A 0-d operand, a core-dimension mismatch, or batch axes that do not broadcast — with NumPy's messages
    /// (<c>matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 5)</c>).
    /// </exception>
    public static NdArray<T> MatMul<T>(NdArray<T> a, NdArray<T> b, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => MatMulKernel.MatMul(a, b, settings);
}
