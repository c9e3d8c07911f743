using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>|x|</c> (integers wrap: <c>|MinValue| == MinValue</c>, as NumPy; floats clear the sign bit, NaN included, as NumPy and the vector forms).</summary>
internal readonly struct AbsOperator<T> : IUnaryOperator<T>
    where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => typeof(T) == typeof(double) || typeof(T) == typeof(float) // Half: HalfAbsOperator
        ? T.Abs(x) // the sign bit cleared: |-NaN| = +NaN with the payload (0 - x would keep a NaN's sign)
        : T.IsNegative(x) ? T.Zero - x : x;

    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Abs(x);

    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Abs(x);

    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Abs(x);
}

/// <summary>float16 <c>|x|</c> on the bits: the sign bit cleared, in <c>ushort</c> vector lanes (Half has no vector type).</summary>
internal readonly struct HalfAbsOperator : IUnaryOperator<ushort>
{
    public static bool Vectorizable => true;

    public static ushort Invoke(ushort x) => (ushort)(x & 0x7FFF);

    public static Vector128<ushort> Invoke(Vector128<ushort> x) => x & Vector128.Create((ushort)0x7FFF);

    public static Vector256<ushort> Invoke(Vector256<ushort> x) => x & Vector256.Create((ushort)0x7FFF);

    public static Vector512<ushort> Invoke(Vector512<ushort> x) => x & Vector512.Create((ushort)0x7FFF);
}

/// <summary>Span kernel for <see cref="AbsOperator{T}"/> through <see cref="UnaryDriver"/> (Half: <see cref="HalfAbsOperator"/>).</summary>
internal readonly struct AbsKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(Half))
        {
            UnaryDriver.Invoke<ushort, HalfAbsOperator>(MemoryMarshal.Cast<T, ushort>(x), MemoryMarshal.Cast<T, ushort>(destination));
            return;
        }

        UnaryDriver.Invoke<T, AbsOperator<T>>(x, destination);
    }
}
