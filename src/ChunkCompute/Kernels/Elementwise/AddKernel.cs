using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x + y</c> (integers wrap).</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T>
    where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x, T y) => x + y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
}

/// <summary>Span kernel for <see cref="AddOperator{T}"/> through <see cref="BinaryDriver"/>, not <c>TensorPrimitives</c> (docs/ARCHITECTURE.md, "Tiered compilation"); same IEEE bits; Half in float32 lanes (<see cref="HalfViaSingle{TKernel}"/>).</summary>
internal readonly struct AddKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        if (typeof(T) == typeof(Half))
        {
            // y first: when both are NaN, NumPy's float16 loop returns y's (quieted), as float32 code does with the first operand.
            HalfViaSingle<AddKernel<float>>.Invoke(MemoryMarshal.Cast<T, Half>(y), MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        BinaryDriver.Invoke<T, AddOperator<T>>(x, y, destination);
    }
}
