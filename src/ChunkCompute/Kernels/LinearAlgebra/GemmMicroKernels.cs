using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.LinearAlgebra;

/// <summary>
/// A register-blocked GEMM micro-kernel: updates one <c>MR × NR</c> tile of C held in registers from a packed
/// A micro-panel and a packed B micro-panel (see <see cref="GemmDriver{T, TKernel}"/> for the packed layouts).
/// </summary>
/// <remarks>
/// <para>The numerical contract every implementation keeps: each element of the tile is accumulated over
/// <c>p = 0 .. kc-1</c> in increasing order as <c>acc = acc + a[i,p] * b[p,j]</c>, the product rounded to <c>T</c>
/// and then the sum rounded (no fused multiply-add), starting from 0 when <c>first</c> is set and from the tile's
/// current value otherwise. Lanes never mix, so the vector width only decides how many elements advance together:
/// the Vector512, Vector256, Vector128 and scalar kernels give the same bits.</para>
/// <para>Why no FMA: a fused multiply-add rounds once instead of twice, so its results differ from the Vector256 /
/// Vector128 / scalar fallbacks on machines (or runtime settings) without FMA, and from the naive loop users check
/// against. On Zen 5 the multiplies and the adds go to separate pipes (2 FMUL + 2 FADD per cycle), so the split
/// form costs issue bandwidth but little throughput; MatMulBenchmarks.MatMul_Fma_1Thread measures the difference.</para>
/// </remarks>
internal interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the C tile (the number of broadcast A values per step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the C tile (a whole number of vectors).</summary>
    static abstract int NR { get; }

    /// <summary>
    /// <c>C[r, j] = (first ? 0 : C[r, j]) + Σ_p A[r, p] · b[p·NR + j]</c> for <c>r &lt; MR, j &lt; NR</c>, summed in
    /// increasing <c>p</c> with a rounded product and a rounded sum per step. <c>A[r, p]</c> is at
    /// <c>a[r·rsa + p·csa]</c> (a packed micro-panel: <c>rsa = 1, csa = MR</c>; a row-major A read in place:
    /// <c>rsa</c> = its row stride, <c>csa = 1</c>). C rows are <paramref name="ldc"/> elements apart.
    /// </summary>
    static abstract void Run(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, bool first);
}

/// <summary>How one product joins an accumulator in the Vector512 micro-kernel.</summary>
internal interface IMulAdd
{
    /// <summary>The accumulation step <c>acc + x * y</c>.</summary>
    static abstract Vector512<T> Apply<T>(Vector512<T> acc, Vector512<T> x, Vector512<T> y);
}

/// <summary><c>acc + (x * y)</c>, the product rounded first (the library's contract).</summary>
internal readonly struct MultiplyThenAdd : IMulAdd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> acc, Vector512<T> x, Vector512<T> y) => acc + (x * y);
}

/// <summary>
/// <c>fma(x, y, acc)</c> rounded once for float types (other types: <c>acc + x * y</c>). Only the benchmark uses it,
/// to measure what the no-FMA contract costs; its bits differ from the other kernels.
/// </summary>
internal readonly struct FusedMultiplyAdd : IMulAdd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> acc, Vector512<T> x, Vector512<T> y)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return acc + (x * y);
    }
}

/// <summary>
/// 6 × 4·Vector512 tile (6 × 32 float64, 6 × 64 float32): 24 accumulators, 4 B vectors per step and one broadcast
/// A value at a time — 29 of the 32 zmm registers. Each step does 24 multiplies and 24 adds against 4 loads and 6
/// broadcasts, so the kernel is bound by the FP pipes, not by L1.
/// </summary>
internal readonly struct GemmKernel512<T, TOp> : IGemmMicroKernel<T>
    where T : unmanaged, INumber<T>
    where TOp : struct, IMulAdd
{
    public static int MR => 6;

    public static int NR => 4 * Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, bool first)
    {
        nuint w = (nuint)Vector512<T>.Count;
        nint a2 = 2 * rsa, a3 = 3 * rsa, a4 = 4 * rsa, a5 = 5 * rsa;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        ref T c4 = ref Unsafe.Add(ref c3, ldc);
        ref T c5 = ref Unsafe.Add(ref c4, ldc);
        Vector512<T> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        Vector512<T> c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (first)
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = Vector512<T>.Zero;
            c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = Vector512<T>.Zero;
        }
        else
        {
            c00 = Vector512.LoadUnsafe(ref c); c01 = Vector512.LoadUnsafe(ref c, w); c02 = Vector512.LoadUnsafe(ref c, 2 * w); c03 = Vector512.LoadUnsafe(ref c, 3 * w);
            c10 = Vector512.LoadUnsafe(ref c1); c11 = Vector512.LoadUnsafe(ref c1, w); c12 = Vector512.LoadUnsafe(ref c1, 2 * w); c13 = Vector512.LoadUnsafe(ref c1, 3 * w);
            c20 = Vector512.LoadUnsafe(ref c2); c21 = Vector512.LoadUnsafe(ref c2, w); c22 = Vector512.LoadUnsafe(ref c2, 2 * w); c23 = Vector512.LoadUnsafe(ref c2, 3 * w);
            c30 = Vector512.LoadUnsafe(ref c3); c31 = Vector512.LoadUnsafe(ref c3, w); c32 = Vector512.LoadUnsafe(ref c3, 2 * w); c33 = Vector512.LoadUnsafe(ref c3, 3 * w);
            c40 = Vector512.LoadUnsafe(ref c4); c41 = Vector512.LoadUnsafe(ref c4, w); c42 = Vector512.LoadUnsafe(ref c4, 2 * w); c43 = Vector512.LoadUnsafe(ref c4, 3 * w);
            c50 = Vector512.LoadUnsafe(ref c5); c51 = Vector512.LoadUnsafe(ref c5, w); c52 = Vector512.LoadUnsafe(ref c5, 2 * w); c53 = Vector512.LoadUnsafe(ref c5, 3 * w);
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            var b1 = Vector512.LoadUnsafe(ref b, w);
            var b2 = Vector512.LoadUnsafe(ref b, 2 * w);
            var b3 = Vector512.LoadUnsafe(ref b, 3 * w);
            var x = Vector512.Create(a);
            c00 = TOp.Apply(c00, x, b0); c01 = TOp.Apply(c01, x, b1); c02 = TOp.Apply(c02, x, b2); c03 = TOp.Apply(c03, x, b3);
            x = Vector512.Create(Unsafe.Add(ref a, rsa));
            c10 = TOp.Apply(c10, x, b0); c11 = TOp.Apply(c11, x, b1); c12 = TOp.Apply(c12, x, b2); c13 = TOp.Apply(c13, x, b3);
            x = Vector512.Create(Unsafe.Add(ref a, a2));
            c20 = TOp.Apply(c20, x, b0); c21 = TOp.Apply(c21, x, b1); c22 = TOp.Apply(c22, x, b2); c23 = TOp.Apply(c23, x, b3);
            x = Vector512.Create(Unsafe.Add(ref a, a3));
            c30 = TOp.Apply(c30, x, b0); c31 = TOp.Apply(c31, x, b1); c32 = TOp.Apply(c32, x, b2); c33 = TOp.Apply(c33, x, b3);
            x = Vector512.Create(Unsafe.Add(ref a, a4));
            c40 = TOp.Apply(c40, x, b0); c41 = TOp.Apply(c41, x, b1); c42 = TOp.Apply(c42, x, b2); c43 = TOp.Apply(c43, x, b3);
            x = Vector512.Create(Unsafe.Add(ref a, a5));
            c50 = TOp.Apply(c50, x, b0); c51 = TOp.Apply(c51, x, b1); c52 = TOp.Apply(c52, x, b2); c53 = TOp.Apply(c53, x, b3);
            a = ref Unsafe.Add(ref a, csa);
            b = ref Unsafe.Add(ref b, 4 * w);
        }

        c00.StoreUnsafe(ref c); c01.StoreUnsafe(ref c, w); c02.StoreUnsafe(ref c, 2 * w); c03.StoreUnsafe(ref c, 3 * w);
        c10.StoreUnsafe(ref c1); c11.StoreUnsafe(ref c1, w); c12.StoreUnsafe(ref c1, 2 * w); c13.StoreUnsafe(ref c1, 3 * w);
        c20.StoreUnsafe(ref c2); c21.StoreUnsafe(ref c2, w); c22.StoreUnsafe(ref c2, 2 * w); c23.StoreUnsafe(ref c2, 3 * w);
        c30.StoreUnsafe(ref c3); c31.StoreUnsafe(ref c3, w); c32.StoreUnsafe(ref c3, 2 * w); c33.StoreUnsafe(ref c3, 3 * w);
        c40.StoreUnsafe(ref c4); c41.StoreUnsafe(ref c4, w); c42.StoreUnsafe(ref c4, 2 * w); c43.StoreUnsafe(ref c4, 3 * w);
        c50.StoreUnsafe(ref c5); c51.StoreUnsafe(ref c5, w); c52.StoreUnsafe(ref c5, 2 * w); c53.StoreUnsafe(ref c5, 3 * w);
    }
}

/// <summary>
/// 6 × 2·Vector256 tile (6 × 8 float64): 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers of an
/// AVX2 machine. Same per-element operations as <see cref="GemmKernel512{T, TOp}"/>.
/// </summary>
internal readonly struct GemmKernel256<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumber<T>
{
    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, bool first)
    {
        nuint w = (nuint)Vector256<T>.Count;
        nint a2 = 2 * rsa, a3 = 3 * rsa, a4 = 4 * rsa, a5 = 5 * rsa;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        ref T c4 = ref Unsafe.Add(ref c3, ldc);
        ref T c5 = ref Unsafe.Add(ref c4, ldc);
        Vector256<T> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<T>.Zero;
        }
        else
        {
            c00 = Vector256.LoadUnsafe(ref c); c01 = Vector256.LoadUnsafe(ref c, w);
            c10 = Vector256.LoadUnsafe(ref c1); c11 = Vector256.LoadUnsafe(ref c1, w);
            c20 = Vector256.LoadUnsafe(ref c2); c21 = Vector256.LoadUnsafe(ref c2, w);
            c30 = Vector256.LoadUnsafe(ref c3); c31 = Vector256.LoadUnsafe(ref c3, w);
            c40 = Vector256.LoadUnsafe(ref c4); c41 = Vector256.LoadUnsafe(ref c4, w);
            c50 = Vector256.LoadUnsafe(ref c5); c51 = Vector256.LoadUnsafe(ref c5, w);
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, w);
            var x = Vector256.Create(a);
            c00 += x * b0; c01 += x * b1;
            x = Vector256.Create(Unsafe.Add(ref a, rsa));
            c10 += x * b0; c11 += x * b1;
            x = Vector256.Create(Unsafe.Add(ref a, a2));
            c20 += x * b0; c21 += x * b1;
            x = Vector256.Create(Unsafe.Add(ref a, a3));
            c30 += x * b0; c31 += x * b1;
            x = Vector256.Create(Unsafe.Add(ref a, a4));
            c40 += x * b0; c41 += x * b1;
            x = Vector256.Create(Unsafe.Add(ref a, a5));
            c50 += x * b0; c51 += x * b1;
            a = ref Unsafe.Add(ref a, csa);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        c00.StoreUnsafe(ref c); c01.StoreUnsafe(ref c, w);
        c10.StoreUnsafe(ref c1); c11.StoreUnsafe(ref c1, w);
        c20.StoreUnsafe(ref c2); c21.StoreUnsafe(ref c2, w);
        c30.StoreUnsafe(ref c3); c31.StoreUnsafe(ref c3, w);
        c40.StoreUnsafe(ref c4); c41.StoreUnsafe(ref c4, w);
        c50.StoreUnsafe(ref c5); c51.StoreUnsafe(ref c5, w);
    }
}

/// <summary>4 × 2·Vector128 tile (4 × 4 float64): 8 accumulators for SSE-only machines. Same per-element operations.</summary>
internal readonly struct GemmKernel128<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumber<T>
{
    public static int MR => 4;

    public static int NR => 2 * Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, bool first)
    {
        nuint w = (nuint)Vector128<T>.Count;
        nint a2 = 2 * rsa, a3 = 3 * rsa;
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        Vector128<T> c00, c01, c10, c11, c20, c21, c30, c31;
        if (first)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<T>.Zero;
        }
        else
        {
            c00 = Vector128.LoadUnsafe(ref c); c01 = Vector128.LoadUnsafe(ref c, w);
            c10 = Vector128.LoadUnsafe(ref c1); c11 = Vector128.LoadUnsafe(ref c1, w);
            c20 = Vector128.LoadUnsafe(ref c2); c21 = Vector128.LoadUnsafe(ref c2, w);
            c30 = Vector128.LoadUnsafe(ref c3); c31 = Vector128.LoadUnsafe(ref c3, w);
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.LoadUnsafe(ref b);
            var b1 = Vector128.LoadUnsafe(ref b, w);
            var x = Vector128.Create(a);
            c00 += x * b0; c01 += x * b1;
            x = Vector128.Create(Unsafe.Add(ref a, rsa));
            c10 += x * b0; c11 += x * b1;
            x = Vector128.Create(Unsafe.Add(ref a, a2));
            c20 += x * b0; c21 += x * b1;
            x = Vector128.Create(Unsafe.Add(ref a, a3));
            c30 += x * b0; c31 += x * b1;
            a = ref Unsafe.Add(ref a, csa);
            b = ref Unsafe.Add(ref b, 2 * w);
        }

        c00.StoreUnsafe(ref c); c01.StoreUnsafe(ref c, w);
        c10.StoreUnsafe(ref c1); c11.StoreUnsafe(ref c1, w);
        c20.StoreUnsafe(ref c2); c21.StoreUnsafe(ref c2, w);
        c30.StoreUnsafe(ref c3); c31.StoreUnsafe(ref c3, w);
    }
}

/// <summary>4 × 4 scalar tile: the fallback without hardware vectors (and the reference the vector kernels must match).</summary>
internal readonly struct GemmKernelScalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumber<T>
{
    public static int MR => 4;

    public static int NR => 4;

    public static void Run(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, bool first)
    {
        for (int r = 0; r < 4; r++)
        {
            ref T crow = ref Unsafe.Add(ref c, r * ldc);
            T s0 = first ? T.Zero : crow, s1 = first ? T.Zero : Unsafe.Add(ref crow, 1);
            T s2 = first ? T.Zero : Unsafe.Add(ref crow, 2), s3 = first ? T.Zero : Unsafe.Add(ref crow, 3);
            ref T ap = ref Unsafe.Add(ref a, r * rsa);
            ref T bp = ref b;
            for (int p = 0; p < kc; p++)
            {
                T x = ap;
                s0 += x * bp;
                s1 += x * Unsafe.Add(ref bp, 1);
                s2 += x * Unsafe.Add(ref bp, 2);
                s3 += x * Unsafe.Add(ref bp, 3);
                ap = ref Unsafe.Add(ref ap, csa);
                bp = ref Unsafe.Add(ref bp, 4);
            }

            crow = s0;
            Unsafe.Add(ref crow, 1) = s1;
            Unsafe.Add(ref crow, 2) = s2;
            Unsafe.Add(ref crow, 3) = s3;
        }
    }
}
