using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Minimum and maximum of a span in one memory pass (<c>(np.min(x), np.max(x))</c>): NaN propagates, and for floats
/// −0 orders below +0 (IEEE 754-2019 <c>minimum</c>/<c>maximum</c>), so the result does not depend on how the
/// span was split. Reading each element once keeps the pass at memory bandwidth, where a min pass then a max pass
/// (even per L1 block) cost about 1.7× as much.
/// </summary>
internal static class MinMaxKernel
{
    /// <summary>Whether <see cref="MinMax{T}"/> has vector lanes for <typeparamref name="T"/> on this machine (not for Half or bool).</summary>
    public static bool Vectorizes<T>()
        where T : unmanaged => (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported) || (Vector.IsHardwareAccelerated && Vector<T>.IsSupported);

    /// <summary>The minimum and maximum of <paramref name="xs"/> (not empty).</summary>
    /// <remarks>Called once per step over long spans: optimized at once rather than through on-stack replacement.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (T Min, T Max) MinMax<T>(ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        ref T x = ref MemoryMarshal.GetReference(xs);
        T lo = x, hi = x;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && xs.Length >= 4 * Vector512<T>.Count)
        {
            // Four independent accumulator pairs hide the latency of min/max; lanes are reduced once at the end.
            int w = Vector512<T>.Count;
            var mn0 = Vector512.LoadUnsafe(ref x);
            var mn1 = mn0;
            var mn2 = mn0;
            var mn3 = mn0;
            var mx0 = mn0;
            var mx1 = mn0;
            var mx2 = mn0;
            var mx3 = mn0;
            for (; i <= xs.Length - (4 * w); i += 4 * w)
            {
                var a = Vector512.LoadUnsafe(ref x, (nuint)i);
                var b = Vector512.LoadUnsafe(ref x, (nuint)(i + w));
                var c = Vector512.LoadUnsafe(ref x, (nuint)(i + (2 * w)));
                var d = Vector512.LoadUnsafe(ref x, (nuint)(i + (3 * w)));
                mn0 = Vector512.Min(mn0, a);
                mn1 = Vector512.Min(mn1, b);
                mn2 = Vector512.Min(mn2, c);
                mn3 = Vector512.Min(mn3, d);
                mx0 = Vector512.Max(mx0, a);
                mx1 = Vector512.Max(mx1, b);
                mx2 = Vector512.Max(mx2, c);
                mx3 = Vector512.Max(mx3, d);
            }

            var mn = Vector512.Min(Vector512.Min(mn0, mn1), Vector512.Min(mn2, mn3));
            var mx = Vector512.Max(Vector512.Max(mx0, mx1), Vector512.Max(mx2, mx3));
            for (int k = 0; k < w; k++)
            {
                lo = Min(lo, mn.GetElement(k));
                hi = Max(hi, mx.GetElement(k));
            }
        }

        // Hosts without AVX-512 (AVX2: 256 bits; Arm: 128) do the whole span here, AVX-512 hosts what is left of
        // it when it is at least four of these vectors.
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && xs.Length - i >= 4 * Vector<T>.Count)
        {
            i = PortableLanes(ref x, i, xs.Length, ref lo, ref hi);
        }

        for (; i < xs.Length; i++)
        {
            T v = Unsafe.Add(ref x, i);
            lo = Min(lo, v);
            hi = Max(hi, v);
        }

        return (lo, hi);
    }

    /// <summary>
    /// Min and max of <c>x[i..]</c> in whole groups of four <see cref="Vector{T}"/> (independent accumulators: the emulated float min/max is a long dependency chain), folded into <paramref name="lo"/> and
    /// <paramref name="hi"/>; returns the index after the last group. <c>Vector.Min</c>/<c>Max</c> order NaN and ±0 as
    /// <c>Math.Min</c>/<c>Max</c> do. On AVX2 that ordering is emulated for floats (about 27 GB/s per core on cached
    /// data, against 90 for the bare <c>vminpd</c>/<c>vmaxpd</c>), but flags that put NaN and the sign of zero right
    /// after bare instructions measured as slow again, and from memory both run at the memory's pace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PortableLanes<T>(ref T x, int i, int length, ref T lo, ref T hi)
        where T : unmanaged
    {
        int w = Vector<T>.Count;
        var mn0 = new Vector<T>(lo);
        var mn1 = mn0;
        var mn2 = mn0;
        var mn3 = mn0;
        var mx0 = new Vector<T>(hi);
        var mx1 = mx0;
        var mx2 = mx0;
        var mx3 = mx0;
        for (; i <= length - (4 * w); i += 4 * w)
        {
            var a = Vector.LoadUnsafe(ref x, (nuint)i);
            var b = Vector.LoadUnsafe(ref x, (nuint)(i + w));
            var c = Vector.LoadUnsafe(ref x, (nuint)(i + (2 * w)));
            var d = Vector.LoadUnsafe(ref x, (nuint)(i + (3 * w)));
            mn0 = Vector.Min(mn0, a);
            mn1 = Vector.Min(mn1, b);
            mn2 = Vector.Min(mn2, c);
            mn3 = Vector.Min(mn3, d);
            mx0 = Vector.Max(mx0, a);
            mx1 = Vector.Max(mx1, b);
            mx2 = Vector.Max(mx2, c);
            mx3 = Vector.Max(mx3, d);
        }

        var mn = Vector.Min(Vector.Min(mn0, mn1), Vector.Min(mn2, mn3));
        var mx = Vector.Max(Vector.Max(mx0, mx1), Vector.Max(mx2, mx3));
        for (int k = 0; k < w; k++)
        {
            lo = Min(lo, mn[k]);
            hi = Max(hi, mx[k]);
        }

        return i;
    }

    /// <summary><c>minimum(a, b)</c>: NaN if either is NaN, −0 below +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min<T>(T a, T b)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            double r = Math.Min(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b));
            return Unsafe.As<double, T>(ref r);
        }

        if (typeof(T) == typeof(float))
        {
            float r = MathF.Min(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b));
            return Unsafe.As<float, T>(ref r);
        }

        return MinOperator<T>.Combine(a, b);
    }

    /// <summary><c>maximum(a, b)</c>: NaN if either is NaN, +0 above −0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(T a, T b)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            double r = Math.Max(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b));
            return Unsafe.As<double, T>(ref r);
        }

        if (typeof(T) == typeof(float))
        {
            float r = MathF.Max(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b));
            return Unsafe.As<float, T>(ref r);
        }

        return MaxOperator<T>.Combine(a, b);
    }
}
