using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>-x</c> (integers wrap: <c>-MinValue == MinValue</c>; floats flip the sign bit, so <c>-0.0</c> and NaN keep their payload).</summary>
internal readonly struct NegateOperator<T> : IUnaryOperator<T>
    where T : unmanaged, INumberBase<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => -x;

    public static Vector128<T> Invoke(Vector128<T> x) => -x;

    public static Vector256<T> Invoke(Vector256<T> x) => -x;

    public static Vector512<T> Invoke(Vector512<T> x) => -x;
}

/// <summary>
/// float16 <c>-x</c> on the bits: the sign bit flipped, in <c>ushort</c> vector lanes (Half has no vector type; .NET's
/// Half minus goes through float and would quiet a signalling NaN, which NumPy keeps).
/// </summary>
internal readonly struct HalfNegateOperator : IUnaryOperator<ushort>
{
    public static bool Vectorizable => true;

    public static ushort Invoke(ushort x) => (ushort)(x ^ 0x8000);

    public static Vector128<ushort> Invoke(Vector128<ushort> x) => x ^ Vector128.Create((ushort)0x8000);

    public static Vector256<ushort> Invoke(Vector256<ushort> x) => x ^ Vector256.Create((ushort)0x8000);

    public static Vector512<ushort> Invoke(Vector512<ushort> x) => x ^ Vector512.Create((ushort)0x8000);
}

/// <summary>Span kernel for <see cref="NegateOperator{T}"/> through <see cref="UnaryDriver"/>, not <c>TensorPrimitives</c> (docs/ARCHITECTURE.md, "Tiered compilation"); same IEEE bits (Half: <see cref="HalfNegateOperator"/>).</summary>
internal readonly struct NegateKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumberBase<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(Half))
        {
            UnaryDriver.Invoke<ushort, HalfNegateOperator>(MemoryMarshal.Cast<T, ushort>(x), MemoryMarshal.Cast<T, ushort>(destination));
            return;
        }

        UnaryDriver.Invoke<T, NegateOperator<T>>(x, destination);
    }
}
