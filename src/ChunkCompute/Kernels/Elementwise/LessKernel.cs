using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x &lt; y</c>.</summary>
internal readonly struct LessOperator<T> : IComparisonOperator<T>
    where T : unmanaged, INumber<T>
{
    public static bool Invoke(T x, T y) => x < y;

    public static Vector128<T> Mask(Vector128<T> x, Vector128<T> y) => Vector128.LessThan(x, y);

    public static Vector256<T> Mask(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y);

    public static Vector512<T> Mask(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y);
}

/// <summary>Span kernel for <see cref="LessOperator{T}"/> through <see cref="CompareDriver"/>.</summary>
internal readonly struct LessKernel<T> : IBinaryKernel<T, T, bool>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination) => CompareDriver.Invoke<T, LessOperator<T>>(x, y, destination);
}
