using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// Integer and bool sums in 64-bit vector lanes (NumPy sums every integer type in int64 or uint64): the values are
/// sign-extended (signed types) or zero-extended (unsigned types; bool as 0 or 1) with <see cref="Vector.Widen(Vector{int}, out Vector{long}, out Vector{long})"/>
/// and its narrower overloads, then added with wrap-around. Integer addition is associative even when it wraps,
/// so the sums equal the scalar folds' whatever the lane layout; an unsigned sum is the same bits as the signed
/// one (two's complement), so both operators share these loops.
/// </summary>
internal static class WideningSum
{
    /// <summary>Values per chunk of <see cref="Sum{T}"/>: a 2 KiB stack buffer of partial sums.</summary>
    private const int ChunkLength = 256;

    /// <summary>Whether <typeparamref name="T"/> is an integer or bool type and this machine has vector lanes for it.</summary>
    public static bool Supports<T>()
        where T : unmanaged =>
        Vector.IsHardwareAccelerated && (typeof(T) == typeof(long) || typeof(T) == typeof(ulong) || typeof(T) == typeof(int) || typeof(T) == typeof(uint)
            || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(bool));

    /// <summary>
    /// <c>acc[c] += (long)xs[c]</c> (wrapping) for every <c>c &lt; acc.Length</c>; false, having done nothing, when
    /// <see cref="Supports{T}"/> is false or <paramref name="xs"/> is shorter than <paramref name="acc"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryAddRow<T>(Span<long> acc, ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        if (!Supports<T>() || xs.Length < acc.Length)
        {
            return false;
        }

        AddRow(acc, xs[..acc.Length]);
        return true;
    }

    /// <summary>The wrapping sum of <paramref name="xs"/> as 64-bit values (only for <see cref="Supports{T}"/> types).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Sum<T>(ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        Span<long> partial = stackalloc long[ChunkLength];
        partial.Clear();
        int i = 0;
        for (; i + ChunkLength <= xs.Length; i += ChunkLength)
        {
            AddRow<T>(partial, xs.Slice(i, ChunkLength));
        }

        AddRow<T>(partial[..(xs.Length - i)], xs[i..]);
        long sum = 0;
        foreach (long p in partial)
        {
            sum = unchecked(sum + p);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow<T>(Span<long> acc, ReadOnlySpan<T> xs)
        where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong))
        {
            AddKernel<long>.Invoke(acc, MemoryMarshal.Cast<T, long>(xs), acc);
            return;
        }

        int n = acc.Length, i = 0, step = Vector<byte>.Count / Unsafe.SizeOf<T>();
        ref long a = ref MemoryMarshal.GetReference(acc);
        ref T x = ref MemoryMarshal.GetReference(xs);
        for (; i <= n - step; i += step)
        {
            ref long ai = ref Unsafe.Add(ref a, i);
            ref T xi = ref Unsafe.Add(ref x, i);
            if (typeof(T) == typeof(int))
            {
                AddInts(ref ai, Vector.LoadUnsafe(ref Unsafe.As<T, int>(ref xi)));
            }
            else if (typeof(T) == typeof(uint))
            {
                AddUInts(ref ai, Vector.LoadUnsafe(ref Unsafe.As<T, uint>(ref xi)));
            }
            else if (typeof(T) == typeof(short))
            {
                AddShorts(ref ai, Vector.LoadUnsafe(ref Unsafe.As<T, short>(ref xi)));
            }
            else if (typeof(T) == typeof(ushort))
            {
                AddUShorts(ref ai, Vector.LoadUnsafe(ref Unsafe.As<T, ushort>(ref xi)));
            }
            else if (typeof(T) == typeof(sbyte))
            {
                Vector.Widen(Vector.LoadUnsafe(ref Unsafe.As<T, sbyte>(ref xi)), out var lo, out var hi);
                AddShorts(ref ai, lo);
                AddShorts(ref Unsafe.Add(ref ai, Vector<short>.Count), hi);
            }
            else
            {
                // byte, or bool as its byte clamped to 0/1 (any nonzero byte is true, and true sums as 1).
                var bytes = Vector.LoadUnsafe(ref Unsafe.As<T, byte>(ref xi));
                if (typeof(T) == typeof(bool))
                {
                    bytes = Vector.Min(bytes, Vector<byte>.One);
                }

                Vector.Widen(bytes, out var lo, out var hi);
                AddUShorts(ref ai, lo);
                AddUShorts(ref Unsafe.Add(ref ai, Vector<ushort>.Count), hi);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref a, i) = unchecked(Unsafe.Add(ref a, i) + ScalarCast.ToInt64(Unsafe.Add(ref x, i)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLongs(ref long a, Vector<long> v) => (Vector.LoadUnsafe(ref a) + v).StoreUnsafe(ref a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInts(ref long a, Vector<int> v)
    {
        Vector.Widen(v, out var lo, out var hi);
        AddLongs(ref a, lo);
        AddLongs(ref Unsafe.Add(ref a, Vector<long>.Count), hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddUInts(ref long a, Vector<uint> v)
    {
        Vector.Widen(v, out var lo, out var hi);
        AddLongs(ref a, Vector.AsVectorInt64(lo));
        AddLongs(ref Unsafe.Add(ref a, Vector<long>.Count), Vector.AsVectorInt64(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddShorts(ref long a, Vector<short> v)
    {
        Vector.Widen(v, out var lo, out var hi);
        AddInts(ref a, lo);
        AddInts(ref Unsafe.Add(ref a, Vector<int>.Count), hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddUShorts(ref long a, Vector<ushort> v)
    {
        Vector.Widen(v, out var lo, out var hi);
        AddUInts(ref a, lo);
        AddUInts(ref Unsafe.Add(ref a, Vector<uint>.Count), hi);
    }
}
