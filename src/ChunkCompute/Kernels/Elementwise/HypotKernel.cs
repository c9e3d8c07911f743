using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary><c>sqrt(x^2 + y^2) without intermediate overflow or underflow</c>.</summary>
internal readonly struct HypotOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    /// <summary>
    /// One element with the vector lanes' arithmetic (float16, which has no vector path, keeps <c>T.Hypot</c>), so
    /// an element's bits do not depend on whether it falls in a vector or in the remainder.
    /// </summary>
    public static T Invoke(T x, T y)
    {
        if (typeof(T) == typeof(Half))
        {
            return T.Hypot(x, y);
        }

        T s = T.Sqrt((x * x) + (y * y));
        if (s >= Low && s <= High)
        {
            return s;
        }

        T ax = T.Abs(x), ay = T.Abs(y);
        if (T.IsPositiveInfinity(ax) || T.IsPositiveInfinity(ay))
        {
            return T.PositiveInfinity;
        }

        T big = T.Max(ax, ay), small = T.Min(ax, ay);
        if (big == T.Zero)
        {
            return T.Zero;
        }

        T r = small / big;
        return big * T.Sqrt((r * r) + T.One);
    }

    public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => Hypot(x, y);

    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Hypot(x, y);

    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Hypot(x, y);

    // Fast lanes: sqrt(x*x + y*y) where the result lies in [Low, High], so that neither the larger square nor the sum
    // left the normal range (float64: 1e-140..1e140; float32: 1e-17..1e17, whose squares stay inside 1.2e-38..3.4e38);
    // lanes outside (or NaN/Inf) take the scaled form, lane by lane, so an element's bits never depend on its neighbours.
    private static T Low => typeof(T) == typeof(float) ? T.CreateTruncating(1e-17) : T.CreateTruncating(1e-140);

    private static T High => typeof(T) == typeof(float) ? T.CreateTruncating(1e17) : T.CreateTruncating(1e140);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Hypot(Vector128<T> x, Vector128<T> y)
    {
        Vector128<T> s = Vector128.Sqrt((x * x) + (y * y));
        Vector128<T> ok = Vector128.GreaterThanOrEqual(s, Vector128.Create(Low)) & Vector128.LessThanOrEqual(s, Vector128.Create(High));
        if (Vector128.EqualsAll(ok.AsByte(), Vector128<byte>.AllBitsSet))
        {
            return s;
        }

        Vector128<T> ax = Vector128.Abs(x), ay = Vector128.Abs(y);
        Vector128<T> big = Vector128.Max(ax, ay), small = Vector128.Min(ax, ay);
        Vector128<T> r = small / big;
        Vector128<T> scaled = big * Vector128.Sqrt((r * r) + Vector128<T>.One);
        scaled = Vector128.ConditionalSelect(Vector128.Equals(big, Vector128<T>.Zero), Vector128<T>.Zero, scaled);
        Vector128<T> inf = Vector128.Equals(ax, Vector128.Create(T.PositiveInfinity)) | Vector128.Equals(ay, Vector128.Create(T.PositiveInfinity));
        return Vector128.ConditionalSelect(ok, s, Vector128.ConditionalSelect(inf, Vector128.Create(T.PositiveInfinity), scaled));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Hypot(Vector256<T> x, Vector256<T> y)
    {
        Vector256<T> s = Vector256.Sqrt((x * x) + (y * y));
        Vector256<T> ok = Vector256.GreaterThanOrEqual(s, Vector256.Create(Low)) & Vector256.LessThanOrEqual(s, Vector256.Create(High));
        if (Vector256.EqualsAll(ok.AsByte(), Vector256<byte>.AllBitsSet))
        {
            return s;
        }

        Vector256<T> ax = Vector256.Abs(x), ay = Vector256.Abs(y);
        Vector256<T> big = Vector256.Max(ax, ay), small = Vector256.Min(ax, ay);
        Vector256<T> r = small / big;
        Vector256<T> scaled = big * Vector256.Sqrt((r * r) + Vector256<T>.One);
        scaled = Vector256.ConditionalSelect(Vector256.Equals(big, Vector256<T>.Zero), Vector256<T>.Zero, scaled);
        Vector256<T> inf = Vector256.Equals(ax, Vector256.Create(T.PositiveInfinity)) | Vector256.Equals(ay, Vector256.Create(T.PositiveInfinity));
        return Vector256.ConditionalSelect(ok, s, Vector256.ConditionalSelect(inf, Vector256.Create(T.PositiveInfinity), scaled));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Hypot(Vector512<T> x, Vector512<T> y)
    {
        Vector512<T> s = Vector512.Sqrt((x * x) + (y * y));
        Vector512<T> ok = Vector512.GreaterThanOrEqual(s, Vector512.Create(Low)) & Vector512.LessThanOrEqual(s, Vector512.Create(High));
        if (Vector512.EqualsAll(ok.AsByte(), Vector512<byte>.AllBitsSet))
        {
            return s;
        }

        Vector512<T> ax = Vector512.Abs(x), ay = Vector512.Abs(y);
        Vector512<T> big = Vector512.Max(ax, ay), small = Vector512.Min(ax, ay);
        Vector512<T> r = small / big;
        Vector512<T> scaled = big * Vector512.Sqrt((r * r) + Vector512<T>.One);
        scaled = Vector512.ConditionalSelect(Vector512.Equals(big, Vector512<T>.Zero), Vector512<T>.Zero, scaled);
        Vector512<T> inf = Vector512.Equals(ax, Vector512.Create(T.PositiveInfinity)) | Vector512.Equals(ay, Vector512.Create(T.PositiveInfinity));
        return Vector512.ConditionalSelect(ok, s, Vector512.ConditionalSelect(inf, Vector512.Create(T.PositiveInfinity), scaled));
    }
}

/// <summary>Span kernel for <see cref="HypotOperator{T}"/> through <see cref="BinaryDriver"/>.</summary>
internal readonly struct HypotKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => BinaryDriver.Invoke<T, HypotOperator<T>>(x, y, destination);
}
