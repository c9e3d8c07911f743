using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>minimum(maximum(x, lo), hi)</c> (np.clip; NaN in any operand propagates).</summary>
internal readonly struct ClipOperator<T> : ITernaryOperator<T>
    where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x, T lo, T hi) => MinimumOperator<T>.Invoke(MaximumOperator<T>.Invoke(x, lo), hi);

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> lo, Vector128<T> hi) => MinimumOperator<T>.Invoke(MaximumOperator<T>.Invoke(x, lo), hi);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> lo, Vector256<T> hi) => MinimumOperator<T>.Invoke(MaximumOperator<T>.Invoke(x, lo), hi);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> lo, Vector512<T> hi) => MinimumOperator<T>.Invoke(MaximumOperator<T>.Invoke(x, lo), hi);
}

/// <summary>Span kernel for <see cref="ClipOperator{T}"/> through <see cref="TernaryDriver"/>.</summary>
internal readonly struct ClipKernel<T> : ITernaryKernel<T, T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination) => TernaryDriver.Invoke<T, ClipOperator<T>>(x, y, z, destination);
}
