using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Minimum and maximum of a span in one memory pass (<c>(np.min(x), np.max(x))</c>): NaN propagates, and for floats
/// −0 orders below +0 (IEEE 754-2019 <c>minimum</c>/<c>maximum</c>), so the result does not depend on how the
/// span was split. Reading each element once keeps the pass at memory bandwidth, where a min pass then a max pass
/// (even per L1 block) cost about 1.7× as much. <see cref="NanMinMax{T}"/> is the same pass folding with IEEE
/// <c>minimumNumber</c>/<c>maximumNumber</c> (NaN passed over). One body serves both (<see cref="ILaneOrder"/>):
/// Vector512 lanes, then <see cref="Vector{T}"/> lanes (the whole span without AVX-512, what is left of it with),
/// then scalar.
/// </summary>
internal static class MinMaxKernel
{
    /// <summary>Whether <see cref="MinMax{T}"/> has vector lanes for <typeparamref name="T"/> on this machine (not for Half or bool).</summary>
    public static bool Vectorizes<T>()
        where T : unmanaged => (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported) || (Vector.IsHardwareAccelerated && Vector<T>.IsSupported);

    /// <summary>
    /// The minimum and maximum of <paramref name="xs"/> (not empty). NaN propagates: a span holding NaN gives its
    /// first NaN (payload and sign as stored) for both, as a left-to-right fold would, whatever lane met which NaN.
    /// </summary>
    public static (T Min, T Max) MinMax<T>(ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        var (lo, hi) = MinMax<T, AllValues>(xs);
        if (ScalarCompare.IsNaN(lo) || ScalarCompare.IsNaN(hi))
        {
            T nan = FirstNaN(xs);
            return (nan, nan);
        }

        return (lo, hi);
    }

    /// <summary>
    /// <c>(np.nanmin(x), np.nanmax(x))</c> of float <paramref name="xs"/> (not empty) in one pass, NaN passed over and
    /// −0 below +0. All NaN gives <c>Min &gt; Max</c> (+∞, −∞), which the caller turns into NaN.
    /// </summary>
    public static (T Min, T Max) NanMinMax<T>(ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        System.Diagnostics.Debug.Assert(typeof(T) == typeof(double) || typeof(T) == typeof(float), "NanMinMax is for float and double");
        return MinMax<T, SkipNaN>(xs);
    }

    /// <summary>The first NaN of <paramref name="xs"/> (which must hold one), payload and sign as stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T FirstNaN<T>(ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        foreach (T x in xs)
        {
            if (ScalarCompare.IsNaN(x))
            {
                return x;
            }
        }

        throw new InvalidOperationException("no NaN in the span");
    }

    /// <summary>The pass, folding with <typeparamref name="TF"/>.</summary>
    /// <remarks>Called once per step over long spans: optimized at once rather than through on-stack replacement.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (T Min, T Max) MinMax<T, TF>(ReadOnlySpan<T> xs)
        where T : unmanaged
        where TF : ILaneOrder
    {
        ref T x = ref MemoryMarshal.GetReference(xs);
        T lo = TF.StartMin(x), hi = TF.StartMax(x);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && xs.Length >= 4 * Vector512<T>.Count)
        {
            // Four independent accumulator pairs hide the latency of min/max; lanes are reduced once at the end.
            int w = Vector512<T>.Count;
            var mn0 = Vector512.Create(lo);
            var mn1 = mn0;
            var mn2 = mn0;
            var mn3 = mn0;
            var mx0 = Vector512.Create(hi);
            var mx1 = mx0;
            var mx2 = mx0;
            var mx3 = mx0;
            for (; i <= xs.Length - (4 * w); i += 4 * w)
            {
                var a = Vector512.LoadUnsafe(ref x, (nuint)i);
                var b = Vector512.LoadUnsafe(ref x, (nuint)(i + w));
                var c = Vector512.LoadUnsafe(ref x, (nuint)(i + (2 * w)));
                var d = Vector512.LoadUnsafe(ref x, (nuint)(i + (3 * w)));
                mn0 = TF.Min(mn0, a);
                mn1 = TF.Min(mn1, b);
                mn2 = TF.Min(mn2, c);
                mn3 = TF.Min(mn3, d);
                mx0 = TF.Max(mx0, a);
                mx1 = TF.Max(mx1, b);
                mx2 = TF.Max(mx2, c);
                mx3 = TF.Max(mx3, d);
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
            i = PortableLanes<T, TF>(ref x, i, xs.Length, ref lo, ref hi);
        }

        for (; i < xs.Length; i++)
        {
            T v = Unsafe.Add(ref x, i);
            lo = TF.Min(lo, v);
            hi = TF.Max(hi, v);
        }

        return (lo, hi);
    }

    /// <summary>
    /// Min and max of <c>x[i..]</c> in whole groups of four <see cref="Vector{T}"/> (independent accumulators: the
    /// emulated float min/max is a long dependency chain), folded into <paramref name="lo"/> and
    /// <paramref name="hi"/>; returns the index after the last group. <c>Vector.Min</c>/<c>Max</c> (and the
    /// <c>…Number</c> forms) order NaN and ±0 as <c>Math.Min</c>/<c>Max</c> do. On AVX2 that ordering is emulated for
    /// floats (about 27 GB/s per core on cached data, against 90 for the bare <c>vminpd</c>/<c>vmaxpd</c>), but flags
    /// that put NaN and the sign of zero right after bare instructions measured as slow again, and from memory both
    /// run at the memory's pace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PortableLanes<T, TF>(ref T x, int i, int length, ref T lo, ref T hi)
        where T : unmanaged
        where TF : ILaneOrder
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
            mn0 = TF.Min(mn0, a);
            mn1 = TF.Min(mn1, b);
            mn2 = TF.Min(mn2, c);
            mn3 = TF.Min(mn3, d);
            mx0 = TF.Max(mx0, a);
            mx1 = TF.Max(mx1, b);
            mx2 = TF.Max(mx2, c);
            mx3 = TF.Max(mx3, d);
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

    /// <summary>
    /// <c>acc[c] = max(acc[c], row[c])</c> (or min) for every c, in vector lanes: NaN propagating (<c>np.max</c>), or
    /// passed over when <paramref name="skipNaN"/> (<c>np.nanmax</c>: a NaN accumulator takes the value), −0 below
    /// +0 — what the operators' scalar <c>Accumulate</c> gives, lane by lane, NaN payloads included (a NaN
    /// accumulator stays as it is: the first NaN met). False (nothing done) for types without vector lanes here
    /// (Half, bool).
    /// </summary>
    public static bool TryFoldRow<T>(Span<T> acc, ReadOnlySpan<T> row, bool max, bool skipNaN)
        where T : unmanaged
    {
        if (!Vectorizes<T>() || row.Length < acc.Length)
        {
            return false;
        }

        if (skipNaN)
        {
            if (max)
            {
                FoldRow<T, SkipNaN, Maximum>(acc, row);
            }
            else
            {
                FoldRow<T, SkipNaN, Minimum>(acc, row);
            }
        }
        else if (max)
        {
            FoldRow<T, AllValues, Maximum>(acc, row);
        }
        else
        {
            FoldRow<T, AllValues, Minimum>(acc, row);
        }

        return true;
    }

    private static void FoldRow<T, TF, TD>(Span<T> acc, ReadOnlySpan<T> row)
        where T : unmanaged
        where TF : ILaneOrder
        where TD : IDirection
    {
        ref T a = ref MemoryMarshal.GetReference(acc);
        ref T x = ref MemoryMarshal.GetReference(row);
        int n = acc.Length, i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref a, (nuint)i);
                var r = Vector512.LoadUnsafe(ref x, (nuint)i);
                var m = TD.IsMax ? TF.Max(v, r) : TF.Min(v, r);
                if (IsBinaryFloat<T>())
                {
                    var k = typeof(TF) == typeof(SkipNaN) ? r : v; // a NaN here leaves the accumulator as it is
                    m = Vector512.ConditionalSelect(Vector512.Equals(k, k), m, v);
                }

                m.StoreUnsafe(ref a, (nuint)i);
            }
        }

        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = Vector.LoadUnsafe(ref a, (nuint)i);
                var r = Vector.LoadUnsafe(ref x, (nuint)i);
                var m = TD.IsMax ? TF.Max(v, r) : TF.Min(v, r);
                if (IsBinaryFloat<T>())
                {
                    var k = typeof(TF) == typeof(SkipNaN) ? r : v;
                    m = Vector.ConditionalSelect(Vector.Equals(k, k), m, v);
                }

                m.StoreUnsafe(ref a, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            // As the vector lanes: a NaN accumulator (np.max) or a NaN value (np.nanmax) leaves the accumulator; a
            // NaN-skipping fold starts from NaN, which the first number replaces (the scalar lane order assumes a
            // number on the left).
            ref T v = ref Unsafe.Add(ref a, i);
            T r = Unsafe.Add(ref x, i);
            if (!ScalarCompare.IsNaN(typeof(TF) == typeof(SkipNaN) ? r : v))
            {
                v = typeof(TF) == typeof(SkipNaN) && ScalarCompare.IsNaN(v) ? r : TD.IsMax ? TF.Max(v, r) : TF.Min(v, r);
            }
        }
    }

    /// <summary>float or double: the types whose min/max order −0 below +0 and carry NaN payloads (not Half).</summary>
    internal static bool IsBinaryFloat<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    /// <summary>Which of the two a row fold keeps.</summary>
    private interface IDirection
    {
        static abstract bool IsMax { get; }
    }

    private readonly struct Maximum : IDirection
    {
        public static bool IsMax => true;
    }

    private readonly struct Minimum : IDirection
    {
        public static bool IsMax => false;
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

    /// <summary>The order the lanes and the scalar remainder fold with, and where they start from the first element.</summary>
    private interface ILaneOrder
    {
        static abstract T StartMin<T>(T first)
            where T : unmanaged;

        static abstract T StartMax<T>(T first)
            where T : unmanaged;

        static abstract T Min<T>(T a, T b)
            where T : unmanaged;

        static abstract T Max<T>(T a, T b)
            where T : unmanaged;

        static abstract Vector512<T> Min<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged;

        static abstract Vector512<T> Max<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged;

        static abstract Vector<T> Min<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged;

        static abstract Vector<T> Max<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged;
    }

    /// <summary><c>np.min</c>/<c>np.max</c>: IEEE <c>minimum</c>/<c>maximum</c>, NaN propagates.</summary>
    private readonly struct AllValues : ILaneOrder
    {
        public static T StartMin<T>(T first)
            where T : unmanaged => first;

        public static T StartMax<T>(T first)
            where T : unmanaged => first;

        public static T Min<T>(T a, T b)
            where T : unmanaged => MinMaxKernel.Min(a, b);

        public static T Max<T>(T a, T b)
            where T : unmanaged => MinMaxKernel.Max(a, b);

        public static Vector512<T> Min<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged => Vector512.Min(a, b);

        public static Vector512<T> Max<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged => Vector512.Max(a, b);

        public static Vector<T> Min<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged => Vector.Min(a, b);

        public static Vector<T> Max<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged => Vector.Max(a, b);
    }

    /// <summary>
    /// <c>np.nanmin</c>/<c>np.nanmax</c> (floats only): IEEE <c>minimumNumber</c>/<c>maximumNumber</c>, which pass
    /// over NaN and order −0 below +0, from +∞ and −∞ (what a span of NaN only returns).
    /// </summary>
    private readonly struct SkipNaN : ILaneOrder
    {
        public static T StartMin<T>(T first)
            where T : unmanaged => Infinity<T>(negative: false);

        public static T StartMax<T>(T first)
            where T : unmanaged => Infinity<T>(negative: true);

        public static T Min<T>(T a, T b)
            where T : unmanaged => ScalarCompare.IsNaN(b) ? a : MinMaxKernel.Min(a, b);

        public static T Max<T>(T a, T b)
            where T : unmanaged => ScalarCompare.IsNaN(b) ? a : MinMaxKernel.Max(a, b);

        public static Vector512<T> Min<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged => Vector512.MinNumber(a, b);

        public static Vector512<T> Max<T>(Vector512<T> a, Vector512<T> b)
            where T : unmanaged => Vector512.MaxNumber(a, b);

        public static Vector<T> Min<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged => Vector.MinNumber(a, b);

        public static Vector<T> Max<T>(Vector<T> a, Vector<T> b)
            where T : unmanaged => Vector.MaxNumber(a, b);

        private static T Infinity<T>(bool negative)
            where T : unmanaged
        {
            if (typeof(T) == typeof(double))
            {
                double d = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return Unsafe.As<double, T>(ref d);
            }

            float f = negative ? float.NegativeInfinity : float.PositiveInfinity;
            return Unsafe.As<float, T>(ref f);
        }
    }
}
