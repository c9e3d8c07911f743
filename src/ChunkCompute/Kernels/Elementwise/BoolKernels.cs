using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>Bool span kernels: bools are bytes 0/1, so logical and/or/xor are bitwise ops on the bytes (SIMD through <see cref="TensorPrimitives"/>).</summary>
internal readonly struct BoolAndKernel : IBinaryKernel<bool, bool, bool>
{
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination) =>
        TensorPrimitives.BitwiseAnd(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), MemoryMarshal.Cast<bool, byte>(destination));
}

/// <summary><c>x | y</c> on bools.</summary>
internal readonly struct BoolOrKernel : IBinaryKernel<bool, bool, bool>
{
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination) =>
        TensorPrimitives.BitwiseOr(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), MemoryMarshal.Cast<bool, byte>(destination));
}

/// <summary><c>x ^ y</c> on bools.</summary>
internal readonly struct BoolXorKernel : IBinaryKernel<bool, bool, bool>
{
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination) =>
        TensorPrimitives.Xor(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), MemoryMarshal.Cast<bool, byte>(destination));
}

/// <summary><c>!x</c> on bools (<c>x ^ 1</c> on the bytes).</summary>
internal readonly struct BoolNotKernel : IUnaryKernel<bool, bool>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<bool> x, Span<bool> destination)
    {
        var s = MemoryMarshal.Cast<bool, byte>(x);
        var d = MemoryMarshal.Cast<bool, byte>(destination);
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = (byte)(s[i] ^ 1);
        }
    }
}

/// <summary>Runs a byte kernel on bool spans (comparisons of bools as 0/1 bytes).</summary>
internal readonly struct BoolAsByte<TK> : IBinaryKernel<bool, bool, bool>
    where TK : IBinaryKernel<byte, byte, bool>
{
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination) =>
        TK.Invoke(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), destination);
}

/// <summary>Copies elements (the identity ufunc, e.g. np.round on integers).</summary>
internal readonly struct CopyKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => x.CopyTo(destination);
}

/// <summary>Converts elements with NumPy's <c>astype</c> results (<see cref="ScalarCast.Convert{TFrom, TTo}"/>).</summary>
internal readonly struct ConvertKernel<TIn, TOut> : IUnaryKernel<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<TIn> x, Span<TOut> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ScalarCast.Convert<TIn, TOut>(x[i]);
        }
    }
}
