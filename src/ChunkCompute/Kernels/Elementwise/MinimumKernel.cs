using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>x &lt; y || isnan(x) ? x : y (NaN propagates; equal values, i.e. ±0, give y, as np.minimum on x86; x for float16, as NumPy)</c>.</summary>
internal readonly struct MinimumOperator<T> : IBinaryOperator<T>
    where T : unmanaged, INumber<T>
{
    public static bool Vectorizable => true;

    // NumPy's float16 loop is scalar and keeps x for equal values (its float32/float64 SIMD loops keep y): ±0 as NumPy per dtype.
    public static T Invoke(T x, T y) => (typeof(T) == typeof(Half) ? x <= y : x < y) || T.IsNaN(x) ? x : y;

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Vector128.ConditionalSelect(Vector128.LessThan(x, y) | ~Vector128.Equals(x, x), x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.ConditionalSelect(Vector256.LessThan(x, y) | ~Vector256.Equals(x, x), x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.ConditionalSelect(Vector512.LessThan(x, y) | ~Vector512.Equals(x, x), x, y);
}

/// <summary>Span kernel for <see cref="MinimumOperator{T}"/> through <see cref="BinaryDriver"/>.</summary>
internal readonly struct MinimumKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, INumber<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => BinaryDriver.Invoke<T, MinimumOperator<T>>(x, y, destination);
}
