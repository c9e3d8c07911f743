using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Public 1-D span kernels for transcendental functions: span in, span out, single-threaded, no allocation.
/// The N-D operations (<c>NdArray.Sin</c>, ...) and <c>ParallelMap</c> bodies call these.
/// </summary>
/// <remarks>
/// <para>Every function here is our own vectorised kernel (<c>Kernels/Math/VectorMath.cs</c>, <c>TanhOperator.cs</c>,
/// <c>LogOperator.cs</c>, <c>LogSingleOperator.cs</c>): double within 4 ULP (sin/cos) and 2 ULP (exp, tanh, log) of
/// the exact result; float Sin, Cos, Exp and Tanh computed in double and rounded once, float Log in float lanes
/// within 1 ULP. They are faster than <see cref="TensorPrimitives"/> on double here and do not show its slow mode or
/// its tier-0 first calls. (Tan has no span form: <c>NdArray.Tan</c>.)</para>
/// <para><c>x</c> and <c>destination</c> must have the same length; they may be the same memory (in place)
/// but must not partially overlap.</para>
/// </remarks>
public static class SpanMath
{
    // Sin/Cos run the vector kernel over a block first and check afterwards, while the block sits in L1, whether any
    // element was outside the vector kernel's range (those are redone: below 2^30 by MediumTrig in vectors, above by
    // LargeArgumentTrig one by one). The vector loop itself has no call and no branch per vector, and it is the pass
    // that streams the block in from memory, so its arithmetic overlaps the memory traffic. (Checking first made the check the streaming pass and serialised the two: 1.5-2x
    // slower on 400 MB.) In-place calls check first, as computing would overwrite the inputs.
    private const int BlockLength = 2048;

    /// <summary><c>destination[i] = sin(x[i])</c> (within 4 ULP; |x| &gt; 1e5 reduced in double-double below 2^30 and by Payne-Hanek above, within 1 ULP; NaN for NaN and ±Inf).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Sin(ReadOnlySpan<double> x, Span<double> destination) => Trig<SinOperator>(x, destination, cos: false);

    /// <summary><c>destination[i] = sin(x[i])</c> for float (computed in double, rounded once).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Sin(ReadOnlySpan<float> x, Span<float> destination) => Trig<SinSingleOperator>(x, destination, cos: false);

    /// <summary><c>destination[i] = cos(x[i])</c> (within 4 ULP; |x| &gt; 1e5 reduced in double-double below 2^30 and by Payne-Hanek above, within 1 ULP; NaN for NaN and ±Inf).</summary>
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

    /// <summary><c>destination[i] = ln(x[i])</c> (within 2 ULP; 0 gives -Inf, negatives NaN, subnormals and +Inf exact).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Log(ReadOnlySpan<double> x, Span<double> destination) => UnaryDriver.Invoke<double, LogOperator>(x, destination);

    /// <summary><c>destination[i] = log(x[i])</c> for float (within 1 ULP; 0 gives -Inf, negatives NaN, +Inf and NaN kept, subnormals exact to float).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Log(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Invoke<float, LogSingleOperator>(x, destination);

    /// <summary><c>destination[i] = tanh(x[i])</c> (within 2 ULP; ±0 keep their sign, ±Inf give ±1, NaN kept).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> destination) => UnaryDriver.Invoke<double, TanhOperator>(x, destination);

    /// <summary><c>destination[i] = tanh(x[i])</c> for float (computed in double, rounded once).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Invoke<float, TanhSingleOperator>(x, destination);

    private static void Trig<TOp>(ReadOnlySpan<double> x, Span<double> destination, bool cos)
        where TOp : IUnaryOperator<double>
    {
        CheckLengths(x.Length, destination.Length);
        bool overlap = x.Overlaps(destination);
        bool streaming = (long)destination.Length * sizeof(double) >= UnaryDriver.NonTemporalThresholdBytes;
        for (int i = 0; i < x.Length; i += BlockLength)
        {
            int n = System.Math.Min(BlockLength, x.Length - i);
            var xb = x.Slice(i, n);
            var db = destination.Slice(i, n);
            if (overlap ? AllWithinThenApply<double, TOp>(xb, db, VectorMath.TrigLimit) : ApplyAndCheck<double, TOp>(xb, db, VectorMath.TrigLimit, streaming))
            {
                continue;
            }

            if (!overlap)
            {
                // Lanes up to 2^30 in vectors (MediumTrig, over the whole block), then the others one by one.
                if (cos)
                {
                    UnaryDriver.Invoke<double, MediumCosOperator>(xb, db);
                }
                else
                {
                    UnaryDriver.Invoke<double, MediumSinOperator>(xb, db);
                }

                for (int j = 0; j < n; j++)
                {
                    double v = xb[j], a = System.Math.Abs(v);
                    if (a <= VectorMath.TrigLimit)
                    {
                        db[j] = TOp.Invoke(v);
                    }
                    else if (!(a < MediumTrig.Limit))
                    {
                        db[j] = cos ? LargeArgumentTrig.Cos(v) : LargeArgumentTrig.Sin(v);
                    }
                }

                continue;
            }

            for (int j = 0; j < n; j++)
            {
                double v = xb[j];
                db[j] = System.Math.Abs(v) <= VectorMath.TrigLimit ? TOp.Invoke(v) : cos ? LargeArgumentTrig.Cos(v) : LargeArgumentTrig.Sin(v);
            }
        }

        if (streaming && Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    private static void Trig<TOp>(ReadOnlySpan<float> x, Span<float> destination, bool cos)
        where TOp : IUnaryOperator<float>
    {
        CheckLengths(x.Length, destination.Length);
        bool overlap = x.Overlaps(destination);
        bool streaming = (long)destination.Length * sizeof(float) >= UnaryDriver.NonTemporalThresholdBytes;
        for (int i = 0; i < x.Length; i += BlockLength)
        {
            int n = System.Math.Min(BlockLength, x.Length - i);
            var xb = x.Slice(i, n);
            var db = destination.Slice(i, n);
            if (overlap ? AllWithinThenApply<float, TOp>(xb, db, (float)VectorMath.TrigLimit) : ApplyAndCheck<float, TOp>(xb, db, (float)VectorMath.TrigLimit, streaming))
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                float v = xb[j];
                db[j] = System.Math.Abs(v) <= VectorMath.TrigLimit ? TOp.Invoke(v) : (float)(cos ? LargeArgumentTrig.Cos(v) : LargeArgumentTrig.Sin(v));
            }
        }

        if (streaming && Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    /// <summary>In-place form: checks the block first (computing would overwrite it), then applies the vector kernel.</summary>
    private static bool AllWithinThenApply<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, T limit)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryOperator<T>
    {
        if (!AllWithin(x, limit))
        {
            return false;
        }

        UnaryDriver.Invoke<T, TOp>(x, destination);
        return true;
    }

    /// <summary>
    /// Applies the vector kernel to a block of a non-overlapping destination and reports whether every |x| was within
    /// <paramref name="limit"/> (false for NaN; the caller then redoes the block lane by lane). One loop does both, so
    /// the kernel's arithmetic overlaps the loads that stream the block in. Blocks shorter than one vector return false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool ApplyAndCheck<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, T limit, bool streaming)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            nuint c = (nuint)Vector512<T>.Count;
            var lim = Vector512.Create(limit);
            var ok = Vector512<T>.AllBitsSet;
            nuint i = 0;
            fixed (T* p = &dr)
            {
                if (streaming && ((nuint)p % (nuint)(c * (nuint)sizeof(T))) == 0)
                {
                    for (; i + c <= n; i += c)
                    {
                        var v = Vector512.LoadUnsafe(ref xr, i);
                        ok &= Vector512.LessThanOrEqual(Vector512.Abs(v), lim);
                        TOp.Invoke(v).StoreAlignedNonTemporal(p + i);
                    }
                }
            }

            for (; i + c <= n; i += c)
            {
                var v = Vector512.LoadUnsafe(ref xr, i);
                ok &= Vector512.LessThanOrEqual(Vector512.Abs(v), lim);
                TOp.Invoke(v).StoreUnsafe(ref dr, i);
            }

            if (i < n)
            {
                var v = Vector512.LoadUnsafe(ref xr, n - c);
                ok &= Vector512.LessThanOrEqual(Vector512.Abs(v), lim);
                TOp.Invoke(v).StoreUnsafe(ref dr, n - c);
            }

            return ok.AsByte() == Vector512<byte>.AllBitsSet;
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            nuint c = (nuint)Vector256<T>.Count;
            var lim = Vector256.Create(limit);
            var ok = Vector256<T>.AllBitsSet;
            nuint i = 0;
            for (; i + c <= n; i += c)
            {
                var v = Vector256.LoadUnsafe(ref xr, i);
                ok &= Vector256.LessThanOrEqual(Vector256.Abs(v), lim);
                TOp.Invoke(v).StoreUnsafe(ref dr, i);
            }

            if (i < n)
            {
                var v = Vector256.LoadUnsafe(ref xr, n - c);
                ok &= Vector256.LessThanOrEqual(Vector256.Abs(v), lim);
                TOp.Invoke(v).StoreUnsafe(ref dr, n - c);
            }

            return ok.AsByte() == Vector256<byte>.AllBitsSet;
        }

        // Narrower hardware: the original order (check, then the driver's own 128-bit or scalar loop).
        if (!AllWithin(x, limit))
        {
            return false;
        }

        UnaryDriver.Invoke<T, TOp>(x, destination);
        return true;
    }

    /// <summary>True when every |x[i]| &lt;= <paramref name="limit"/> (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool AllWithin<T>(ReadOnlySpan<T> x, T limit)
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

    /// <summary>
    /// Whether every value of <paramref name="y"/> equals the first: a broadcast scalar operand, which the N-D loop
    /// hands to kernels as a filled block (false when empty or the first value is NaN). Types with <c>Vector&lt;T&gt;</c> only (not Half).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsUniform<T>(ReadOnlySpan<T> y)
        where T : unmanaged, INumber<T>
    {
        if (y.IsEmpty || y[0] != y[^1])
        {
            return false;
        }

        int j = 0;
        ref T yr = ref MemoryMarshal.GetReference(y);
        var first = new Vector<T>(y[0]);
        for (; j <= y.Length - Vector<T>.Count; j += Vector<T>.Count)
        {
            if (!Vector.EqualsAll(Vector.LoadUnsafe(ref yr, (nuint)j), first))
            {
                return false;
            }
        }

        for (; j < y.Length; j++)
        {
            if (Unsafe.Add(ref yr, j) != y[0])
            {
                return false;
            }
        }

        return true;
    }
}
