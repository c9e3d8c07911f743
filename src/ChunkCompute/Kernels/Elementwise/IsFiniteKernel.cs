using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>isfinite(x)</c>, as a comparison of x with itself (the kernel passes x twice to <see cref="CompareDriver"/>): x - x is 0 for finite x, NaN for infinities and NaN; integers always are.</summary>
internal readonly struct IsFiniteOperator<T> : IComparisonOperator<T>
    where T : unmanaged, INumberBase<T>
{
    public static bool Invoke(T x, T y) => T.IsFinite(x);

    public static Vector128<T> Mask(Vector128<T> x, Vector128<T> y) => Vector128.Equals(x - x, Vector128<T>.Zero);

    public static Vector256<T> Mask(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x - x, Vector256<T>.Zero);

    public static Vector512<T> Mask(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x - x, Vector512<T>.Zero);
}

/// <summary>Span kernel for <see cref="IsFiniteOperator{T}"/> through <see cref="CompareDriver"/>.</summary>
internal readonly struct IsFiniteKernel<T> : IUnaryKernel<T, bool>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> destination) => CompareDriver.Invoke<T, IsFiniteOperator<T>>(x, x, destination);
}
