using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels;

/// <summary>
/// Counting and finding zeros and NaNs in a span with vector compares (<c>np.count_nonzero</c>, <c>np.any</c>,
/// <c>np.all</c>, and the NaN count behind the NaN-skipping means): a lane matches by one compare, the matches of a
/// vector are a bit mask, and counts add up its population. A float −0 is zero, NaN is not zero (it is truthy, as in
/// NumPy). <c>bool</c> spans are read as their bytes (any nonzero byte is true). Vector512 where accelerated, else
/// Vector256, then scalar for the rest; <see cref="Vectorizes{T}"/> says whether a type has lanes at all (Half does
/// not: its callers keep the scalar fold).
/// </summary>
internal static class TruthKernel
{
    /// <summary>Whether <typeparamref name="T"/> has vector lanes here (bool counts as its bytes).</summary>
    public static bool Vectorizes<T>()
        where T : unmanaged =>
        typeof(T) == typeof(bool)
            ? Vector256.IsHardwareAccelerated || Vector512.IsHardwareAccelerated
            : (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported) || (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported);

    /// <summary>The number of elements equal to zero.</summary>
    public static long CountZeros<T>(ReadOnlySpan<T> xs)
        where T : unmanaged =>
        typeof(T) == typeof(bool) ? Count<byte, Zero>(MemoryMarshal.Cast<T, byte>(xs)) : Count<T, Zero>(xs);

    /// <summary>The number of NaN elements (0 for integer types).</summary>
    public static long CountNaN<T>(ReadOnlySpan<T> xs)
        where T : unmanaged =>
        ScalarCast.IsFloat<T>() ? Count<T, NaN>(xs) : 0;

    /// <summary>Whether some element is not zero (<c>np.any</c>); stops at the first.</summary>
    public static bool AnyNonzero<T>(ReadOnlySpan<T> xs)
        where T : unmanaged =>
        typeof(T) == typeof(bool) ? Exists<byte, Zero>(MemoryMarshal.Cast<T, byte>(xs), matching: false) : Exists<T, Zero>(xs, matching: false);

    /// <summary>Whether some element is zero (<c>!np.all</c>); stops at the first.</summary>
    public static bool AnyZero<T>(ReadOnlySpan<T> xs)
        where T : unmanaged =>
        typeof(T) == typeof(bool) ? Exists<byte, Zero>(MemoryMarshal.Cast<T, byte>(xs), matching: true) : Exists<T, Zero>(xs, matching: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Count<T, TP>(ReadOnlySpan<T> xs)
        where T : unmanaged
        where TP : IPredicate
    {
        ref T x = ref MemoryMarshal.GetReference(xs);
        long count = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i <= xs.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                count += BitOperations.PopCount(TP.Match(Vector512.LoadUnsafe(ref x, (nuint)i)).ExtractMostSignificantBits());
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= xs.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                count += BitOperations.PopCount(TP.Match(Vector256.LoadUnsafe(ref x, (nuint)i)).ExtractMostSignificantBits());
            }
        }

        for (; i < xs.Length; i++)
        {
            count += TP.Match(Unsafe.Add(ref x, i)) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Whether some element matches (<paramref name="matching"/>) or fails (otherwise) the predicate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Exists<T, TP>(ReadOnlySpan<T> xs, bool matching)
        where T : unmanaged
        where TP : IPredicate
    {
        ref T x = ref MemoryMarshal.GetReference(xs);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i <= xs.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                // Compared as bytes: a float lane of all ones is a NaN, which never equals itself.
                var m = TP.Match(Vector512.LoadUnsafe(ref x, (nuint)i)).AsByte();
                if (matching ? m != Vector512<byte>.Zero : m != Vector512<byte>.AllBitsSet)
                {
                    return true;
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= xs.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var m = TP.Match(Vector256.LoadUnsafe(ref x, (nuint)i)).AsByte();
                if (matching ? m != Vector256<byte>.Zero : m != Vector256<byte>.AllBitsSet)
                {
                    return true;
                }
            }
        }

        for (; i < xs.Length; i++)
        {
            if (TP.Match(Unsafe.Add(ref x, i)) == matching)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A per-lane test: all bits set in a matching lane, none in the others.</summary>
    private interface IPredicate
    {
        static abstract bool Match<T>(T x)
            where T : unmanaged;

        static abstract Vector512<T> Match<T>(Vector512<T> x)
            where T : unmanaged;

        static abstract Vector256<T> Match<T>(Vector256<T> x)
            where T : unmanaged;
    }

    /// <summary><c>x == 0</c> (−0 included, NaN not).</summary>
    private readonly struct Zero : IPredicate
    {
        public static bool Match<T>(T x)
            where T : unmanaged => !ScalarCast.IsNonZero(x);

        public static Vector512<T> Match<T>(Vector512<T> x)
            where T : unmanaged => Vector512.Equals(x, Vector512<T>.Zero);

        public static Vector256<T> Match<T>(Vector256<T> x)
            where T : unmanaged => Vector256.Equals(x, Vector256<T>.Zero);
    }

    /// <summary><c>x != x</c>: NaN (floats only).</summary>
    private readonly struct NaN : IPredicate
    {
        public static bool Match<T>(T x)
            where T : unmanaged => ScalarCompare.IsNaN(x);

        public static Vector512<T> Match<T>(Vector512<T> x)
            where T : unmanaged => ~Vector512.Equals(x, x);

        public static Vector256<T> Match<T>(Vector256<T> x)
            where T : unmanaged => ~Vector256.Equals(x, x);
    }
}
