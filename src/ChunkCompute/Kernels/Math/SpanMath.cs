using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Public 1-D span kernels for transcendental functions: span in, span out, single-threaded, no allocation.
/// The N-D operations (<c>NdArray.Sin</c>, ...) and <c>ParallelMap</c> bodies call these.
/// </summary>
/// <remarks>
/// <para>Sin, Cos and Exp are our own vectorised kernels (<c>Kernels/Math/VectorMath.cs</c>): double within 4 ULP
/// (sin/cos) and 2 ULP (exp) of the exact result, float computed in double and rounded once. They are faster than
/// <c>TensorPrimitives</c> on double here and do not show its slow mode. The other functions use
/// <see cref="TensorPrimitives"/>, whose accuracy the tests check against the same caps.</para>
/// <para><c>x</c> and <c>destination</c> must have the same length; they may be the same memory (in place)
/// but must not partially overlap.</para>
/// </remarks>
public static class SpanMath
{
    // Sin/Cos check each block for elements outside the vector kernel's range first (a cheap pass over data that then
    // sits in L1), so the vector loop itself has no call and no branch per vector.
    private const int BlockLength = 2048;

    /// <summary><c>destination[i] = sin(x[i])</c> (within 4 ULP; |x| &gt; 1e5, NaN and ±Inf through <see cref="Math.Sin"/>).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Sin(ReadOnlySpan<double> x, Span<double> destination) => Trig<SinOperator>(x, destination, cos: false);

    /// <summary><c>destination[i] = sin(x[i])</c> for float (computed in double, rounded once).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Sin(ReadOnlySpan<float> x, Span<float> destination) => Trig<SinSingleOperator>(x, destination, cos: false);

    /// <summary><c>destination[i] = cos(x[i])</c> (within 4 ULP; |x| &gt; 1e5, NaN and ±Inf through <see cref="Math.Cos"/>).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Cos(ReadOnlySpan<double> x, Span<double> destination) => Trig<CosOperator>(x, destination, cos: true);

    /// <summary><c>destination[i] = cos(x[i])</c> for float (computed in double, rounded once).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Cos(ReadOnlySpan<float> x, Span<float> destination) => Trig<CosSingleOperator>(x, destination, cos: true);

    /// <summary><c>destination[i] = e^x[i]</c> (within 2 ULP; overflow to +Inf, subnormal results, NaN kept).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Exp(ReadOnlySpan<double> x, Span<double> destination) => UnaryDriver.Invoke<double, ExpOperator>(x, destination);

    /// <summary><c>destination[i] = e^x[i]</c> for float (computed in double, rounded once).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Invoke<float, ExpSingleOperator>(x, destination);

    private static void Trig<TOp>(ReadOnlySpan<double> x, Span<double> destination, bool cos)
        where TOp : IUnaryOperator<double>
    {
        CheckLengths(x.Length, destination.Length);
        for (int i = 0; i < x.Length; i += BlockLength)
        {
            int n = System.Math.Min(BlockLength, x.Length - i);
            var xb = x.Slice(i, n);
            var db = destination.Slice(i, n);
            if (AllWithin(xb, VectorMath.TrigLimit))
            {
                UnaryDriver.Invoke<double, TOp>(xb, db);
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    double v = xb[j];
                    db[j] = System.Math.Abs(v) <= VectorMath.TrigLimit ? TOp.Invoke(v) : cos ? System.Math.Cos(v) : System.Math.Sin(v);
                }
            }
        }
    }

    private static void Trig<TOp>(ReadOnlySpan<float> x, Span<float> destination, bool cos)
        where TOp : IUnaryOperator<float>
    {
        CheckLengths(x.Length, destination.Length);
        for (int i = 0; i < x.Length; i += BlockLength)
        {
            int n = System.Math.Min(BlockLength, x.Length - i);
            var xb = x.Slice(i, n);
            var db = destination.Slice(i, n);
            if (AllWithin(xb, (float)VectorMath.TrigLimit))
            {
                UnaryDriver.Invoke<float, TOp>(xb, db);
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    float v = xb[j];
                    db[j] = System.Math.Abs(v) <= VectorMath.TrigLimit ? TOp.Invoke(v) : (float)(cos ? System.Math.Cos(v) : System.Math.Sin(v));
                }
            }
        }
    }

    /// <summary>True when every |x[i]| &lt;= <paramref name="limit"/> (false for NaN).</summary>
    private static bool AllWithin<T>(ReadOnlySpan<T> x, T limit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<T>.Count)
        {
            ref T r = ref MemoryMarshal.GetReference(x);
            Vector256<T> lim = Vector256.Create(limit);
            Vector256<T> ok = Vector256<T>.AllBitsSet;
            for (; i + Vector256<T>.Count <= x.Length; i += Vector256<T>.Count)
            {
                ok &= Vector256.LessThanOrEqual(Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)i)), lim);
            }

            if (ok.AsByte() != Vector256<byte>.AllBitsSet)
            {
                return false;
            }
        }

        for (; i < x.Length; i++)
        {
            if (!(T.Abs(x[i]) <= limit))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckLengths(int x, int destination)
    {
        if (x != destination)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x} elements, destination {destination}", nameof(destination));
        }
    }
}
