using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x &gt; 0 ? 1 : x &lt; 0 ? -1 : x == 0 ? 0 : x</c> (NumPy's loop: -0.0 gives +0.0, NaN stays NaN).</summary>
internal readonly struct SignOperator<T> : IUnaryOperator<T>
    where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? T.Zero - T.One : x == T.Zero ? T.Zero : x;

    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<T>.Zero), Vector128<T>.One, Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), Vector128<T>.Zero - Vector128<T>.One, Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<T>.Zero), Vector128<T>.Zero, x)));

    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One, Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), Vector256<T>.Zero - Vector256<T>.One, Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<T>.Zero), Vector256<T>.Zero, x)));

    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One, Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), Vector512<T>.Zero - Vector512<T>.One, Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<T>.Zero), Vector512<T>.Zero, x)));
}

/// <summary>
/// float16 sign on the bits, in <c>ushort</c> vector lanes (Half has no vector type): ±1 with the input's sign, ±0
/// gives +0, a NaN comes back unchanged (NumPy's float16 loop, every input checked).
/// </summary>
internal readonly struct HalfSignOperator : IUnaryOperator<ushort>
{
    private const ushort AbsMask = 0x7FFF;
    private const ushort SignBit = 0x8000;
    private const ushort One = 0x3C00;
    private const ushort Inf = 0x7C00;

    public static bool Vectorizable => true;

    public static ushort Invoke(ushort x)
    {
        int abs = x & AbsMask;
        return abs > Inf ? x : abs == 0 ? (ushort)0 : (ushort)((x & SignBit) | One);
    }

    public static Vector128<ushort> Invoke(Vector128<ushort> x)
    {
        Vector128<ushort> abs = x & Vector128.Create(AbsMask);
        Vector128<ushort> r = Vector128.AndNot((x & Vector128.Create(SignBit)) | Vector128.Create(One), Vector128.Equals(abs, Vector128<ushort>.Zero));
        return Vector128.ConditionalSelect(Vector128.GreaterThan(abs, Vector128.Create(Inf)), x, r);
    }

    public static Vector256<ushort> Invoke(Vector256<ushort> x)
    {
        Vector256<ushort> abs = x & Vector256.Create(AbsMask);
        Vector256<ushort> r = Vector256.AndNot((x & Vector256.Create(SignBit)) | Vector256.Create(One), Vector256.Equals(abs, Vector256<ushort>.Zero));
        return Vector256.ConditionalSelect(Vector256.GreaterThan(abs, Vector256.Create(Inf)), x, r);
    }

    public static Vector512<ushort> Invoke(Vector512<ushort> x)
    {
        Vector512<ushort> abs = x & Vector512.Create(AbsMask);
        Vector512<ushort> r = Vector512.AndNot((x & Vector512.Create(SignBit)) | Vector512.Create(One), Vector512.Equals(abs, Vector512<ushort>.Zero));
        return Vector512.ConditionalSelect(Vector512.GreaterThan(abs, Vector512.Create(Inf)), x, r);
    }
}

/// <summary>Span kernel for <see cref="SignOperator{T}"/> through <see cref="UnaryDriver"/> (Half: <see cref="HalfSignOperator"/>).</summary>
internal readonly struct SignKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (typeof(T) == typeof(Half))
        {
            UnaryDriver.Invoke<ushort, HalfSignOperator>(MemoryMarshal.Cast<T, ushort>(x), MemoryMarshal.Cast<T, ushort>(destination));
            return;
        }

        UnaryDriver.Invoke<T, SignOperator<T>>(x, destination);
    }
}
