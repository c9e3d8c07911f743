using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// <c>x ** y</c> for floating point: float64 in vector lanes (<see cref="PowDoubleOperator"/>, within 1 ULP),
/// float32 in double vector lanes (<see cref="PowSingleOperator"/>), Half through the float32 path and one rounding
/// (<see cref="HalfViaSingle{TKernel}"/>, NumPy's float16 method). A float32 or float64 exponent
/// that is one broadcast value of 2, 1, 0, -1 or 0.5 takes the exact operation instead: <c>x * x</c>, <c>x</c>,
/// <c>1</c>, <c>1 / x</c>, <c>sqrt(x)</c>, the correctly rounded results (glibc's <c>pow</c> is within 0.52 ULP,
/// so it misrounds about one <c>x ** 2</c> in a thousand), with <c>pow</c>'s special values
/// (<c>(-0) ** 0.5 = +0</c>, <c>(-inf) ** 0.5 = +inf</c>), at memory speed. NumPy's <c>a ** 2</c> and
/// <c>a ** 0.5</c> operators take the same shortcut (its <c>fast_scalar_power</c>).
/// </summary>
internal readonly struct PowerKernel<T> : IBinaryKernel<T, T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        bool sameLengths = x.Length == destination.Length && y.Length == destination.Length; // else TensorPrimitives' message
        if ((typeof(T) == typeof(double) || typeof(T) == typeof(float)) && sameLengths && SpanMath.IsUniform(y))
        {
            T e = y[0];
            if (e == T.CreateTruncating(2))
            {
                BinaryDriver.Invoke<T, MultiplyOperator<T>>(x, x, destination);
                return;
            }

            if (e == T.One)
            {
                x.CopyTo(destination);
                return;
            }

            if (T.IsZero(e))
            {
                destination.Fill(T.One);
                return;
            }

            if (e == -T.One)
            {
                UnaryDriver.Invoke<T, ReciprocalOperator<T>>(x, destination);
                return;
            }

            if (e == T.CreateTruncating(0.5))
            {
                UnaryDriver.Invoke<T, PowHalfOperator<T>>(x, destination);
                return;
            }

            // Any other single exponent: the general operators without their per-vector lane checks (shortcut
            // exponents are handled above; float32's integral exponents up to 24 keep the checking operator).
            if (typeof(T) == typeof(double))
            {
                BinaryDriver.Invoke<double, PowDoubleUniformOperator>(
                    MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(destination));
                return;
            }

            if (!T.IsInteger(e) || T.Abs(e) > T.CreateTruncating(24))
            {
                BinaryDriver.Invoke<float, PowSingleUniformOperator>(
                    MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(destination));
                return;
            }
        }

        if (typeof(T) == typeof(double) && sameLengths)
        {
            BinaryDriver.Invoke<double, PowDoubleOperator>(
                MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        if (typeof(T) == typeof(float) && sameLengths)
        {
            BinaryDriver.Invoke<float, PowSingleOperator>(
                MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        if (typeof(T) == typeof(Half) && sameLengths)
        {
            HalfViaSingle<PowerKernel<float>>.Invoke(MemoryMarshal.Cast<T, Half>(x), MemoryMarshal.Cast<T, Half>(y), MemoryMarshal.Cast<T, Half>(destination));
            return;
        }

        TensorPrimitives.Pow(x, y, destination);
    }
}

/// <summary><c>1 / x</c>, the correctly rounded <c>x ** -1</c>.</summary>
internal readonly struct ReciprocalOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => T.One / x;

    public static Vector128<T> Invoke(Vector128<T> x) => Vector128<T>.One / x;

    public static Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / x;

    public static Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / x;
}

/// <summary>
/// <c>x ** 0.5</c> with <c>pow</c>'s special values: <c>sqrt(x) + 0</c> (so <c>-0</c> gives <c>+0</c>), and
/// <c>-inf</c> gives <c>+inf</c>; negatives give NaN as both do.
/// </summary>
internal readonly struct PowHalfOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;

    public static T Invoke(T x) => T.IsNegativeInfinity(x) ? T.PositiveInfinity : T.Sqrt(x) + T.Zero;

    public static Vector128<T> Invoke(Vector128<T> x) =>
        Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(T.NegativeInfinity)), Vector128.Create(T.PositiveInfinity), Vector128.Sqrt(x) + Vector128<T>.Zero);

    public static Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(T.NegativeInfinity)), Vector256.Create(T.PositiveInfinity), Vector256.Sqrt(x) + Vector256<T>.Zero);

    public static Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(T.NegativeInfinity)), Vector512.Create(T.PositiveInfinity), Vector512.Sqrt(x) + Vector512<T>.Zero);
}

/// <summary>
/// Keeps the general <c>pow</c> operators (<see cref="PowDoubleOperator"/>, <see cref="PowSingleOperator"/>) in step
/// with <see cref="PowerKernel{T}"/>'s uniform-exponent shortcuts: a lane whose exponent is 2, 1, ±0, -1 or 0.5 gets
/// <c>x * x</c>, <c>x</c>, <c>1</c>, <c>1 / x</c> or <see cref="PowHalfOperator{T}"/>, the shortcut's (correctly
/// rounded) result, whatever the other exponents of its block. Without this, the same <c>(x, 2)</c> pair could come
/// out one ULP apart in one call depending on whether its block of exponents happened to be uniform.
/// </summary>
internal static class PowShortcutLanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y, Vector512<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = Vector512.Equals(y, Vector512.Create(T.CreateTruncating(2)));
        var one = Vector512.Equals(y, Vector512<T>.One);
        var zero = Vector512.Equals(y, Vector512<T>.Zero);
        var minusOne = Vector512.Equals(y, -Vector512<T>.One);
        var half = Vector512.Equals(y, Vector512.Create(T.CreateTruncating(0.5)));
        return Vector512.EqualsAll(two | one | zero | minusOne | half, Vector512<T>.Zero) ? result : Replace(x, result, two, one, zero, minusOne, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Apply<T>(Vector256<T> x, Vector256<T> y, Vector256<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = Vector256.Equals(y, Vector256.Create(T.CreateTruncating(2)));
        var one = Vector256.Equals(y, Vector256<T>.One);
        var zero = Vector256.Equals(y, Vector256<T>.Zero);
        var minusOne = Vector256.Equals(y, -Vector256<T>.One);
        var half = Vector256.Equals(y, Vector256.Create(T.CreateTruncating(0.5)));
        return Vector256.EqualsAll(two | one | zero | minusOne | half, Vector256<T>.Zero) ? result : Replace(x, result, two, one, zero, minusOne, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Apply<T>(Vector128<T> x, Vector128<T> y, Vector128<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = Vector128.Equals(y, Vector128.Create(T.CreateTruncating(2)));
        var one = Vector128.Equals(y, Vector128<T>.One);
        var zero = Vector128.Equals(y, Vector128<T>.Zero);
        var minusOne = Vector128.Equals(y, -Vector128<T>.One);
        var half = Vector128.Equals(y, Vector128.Create(T.CreateTruncating(0.5)));
        return Vector128.EqualsAll(two | one | zero | minusOne | half, Vector128<T>.Zero) ? result : Replace(x, result, two, one, zero, minusOne, half);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<T> Replace<T>(Vector512<T> x, Vector512<T> r, Vector512<T> two, Vector512<T> one, Vector512<T> zero, Vector512<T> minusOne, Vector512<T> half)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        r = Vector512.ConditionalSelect(two, x * x, r);
        r = Vector512.ConditionalSelect(one, x, r);
        r = Vector512.ConditionalSelect(zero, Vector512<T>.One, r);
        r = Vector512.ConditionalSelect(minusOne, ReciprocalOperator<T>.Invoke(x), r);
        return Vector512.ConditionalSelect(half, PowHalfOperator<T>.Invoke(x), r);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<T> Replace<T>(Vector256<T> x, Vector256<T> r, Vector256<T> two, Vector256<T> one, Vector256<T> zero, Vector256<T> minusOne, Vector256<T> half)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        r = Vector256.ConditionalSelect(two, x * x, r);
        r = Vector256.ConditionalSelect(one, x, r);
        r = Vector256.ConditionalSelect(zero, Vector256<T>.One, r);
        r = Vector256.ConditionalSelect(minusOne, ReciprocalOperator<T>.Invoke(x), r);
        return Vector256.ConditionalSelect(half, PowHalfOperator<T>.Invoke(x), r);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<T> Replace<T>(Vector128<T> x, Vector128<T> r, Vector128<T> two, Vector128<T> one, Vector128<T> zero, Vector128<T> minusOne, Vector128<T> half)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        r = Vector128.ConditionalSelect(two, x * x, r);
        r = Vector128.ConditionalSelect(one, x, r);
        r = Vector128.ConditionalSelect(zero, Vector128<T>.One, r);
        r = Vector128.ConditionalSelect(minusOne, ReciprocalOperator<T>.Invoke(x), r);
        return Vector128.ConditionalSelect(half, PowHalfOperator<T>.Invoke(x), r);
    }
}
