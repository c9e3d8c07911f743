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

/// <summary>Span kernel for <see cref="SignOperator{T}"/> through <see cref="UnaryDriver"/>.</summary>
internal readonly struct SignKernel<T> : IUnaryKernel<T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, Span<T> destination) => UnaryDriver.Invoke<T, SignOperator<T>>(x, destination);
}
