using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>(double)x / (double)y</c>: NumPy's true division of integers, which returns float64.</summary>
internal readonly struct TrueDivideKernel<T> : IBinaryKernel<T, T, double>
    where T : unmanaged, INumberBase<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = double.CreateTruncating(x[i]) / double.CreateTruncating(y[i]);
        }
    }
}
