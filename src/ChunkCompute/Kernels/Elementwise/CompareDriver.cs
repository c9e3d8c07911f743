using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>A comparison <c>(T, T) -> bool</c> with vector forms that return all bits set in the lanes where it holds.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IComparisonOperator<T> : IScalarBinaryOperator<T, bool>
    where T : unmanaged
{
    /// <summary>The 128-bit form: all bits set where the comparison holds, zero elsewhere.</summary>
    static abstract Vector128<T> Mask(Vector128<T> x, Vector128<T> y);

    /// <summary>The 256-bit form.</summary>
    static abstract Vector256<T> Mask(Vector256<T> x, Vector256<T> y);

    /// <summary>The 512-bit form.</summary>
    static abstract Vector512<T> Mask(Vector512<T> x, Vector512<T> y);
}

/// <summary>
/// The vectorised loop for comparisons (<see cref="IComparisonOperator{T}"/>): compares as many vectors of
/// T as make one vector of bytes, narrows the lane masks to bytes (truncation keeps all-ones
/// and zeros) and stores them as 0/1 bools; the tail (fewer elements than one byte vector) and types without vector
/// lanes (Half) run the scalar operator. The bools are the scalar operator's: IEEE comparisons, NaN unordered.
/// </summary>
internal static unsafe class CompareDriver
{
    /// <summary><c>destination[i] = TOp(x[i], y[i])</c> (all three of one length; the destination never aliases an input of another type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination)
        where T : unmanaged
        where TOp : IComparisonOperator<T>
    {
        if (x.Length != destination.Length || y.Length != destination.Length || !Vector128<T>.IsSupported)
        {
            BinaryDriver.InvokeScalar<T, bool, TOp>(x, y, destination);
            return;
        }

        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref byte dr = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(destination));
        nuint n = (nuint)destination.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector512<byte>.Count <= n; i += (nuint)Vector512<byte>.Count)
            {
                (Bytes512<T, TOp>(ref xr, ref yr, i) & Vector512<byte>.One).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<byte>.Count <= n; i += (nuint)Vector256<byte>.Count)
            {
                (Bytes256<T, TOp>(ref xr, ref yr, i) & Vector256<byte>.One).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                (Bytes128<T, TOp>(ref xr, ref yr, i) & Vector128<byte>.One).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.As<byte, bool>(ref Unsafe.Add(ref dr, i)) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    // One byte vector's worth of comparisons from index i: 1, 2, 4 or 8 vectors of T, their masks narrowed pairwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Bytes512<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T>
    {
        nuint c = (nuint)Vector512<T>.Count;
        if (sizeof(T) == 1)
        {
            return M512<T, TOp>(ref x, ref y, i).AsByte();
        }

        if (sizeof(T) == 2)
        {
            return Vector512.Narrow(M512<T, TOp>(ref x, ref y, i).AsUInt16(), M512<T, TOp>(ref x, ref y, i + c).AsUInt16());
        }

        if (sizeof(T) == 4)
        {
            return Vector512.Narrow(
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i).AsUInt32(), M512<T, TOp>(ref x, ref y, i + c).AsUInt32()),
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt32(), M512<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt32()));
        }

        return Vector512.Narrow(
            Vector512.Narrow(
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i).AsUInt64(), M512<T, TOp>(ref x, ref y, i + c).AsUInt64()),
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt64(), M512<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt64())),
            Vector512.Narrow(
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i + (4 * c)).AsUInt64(), M512<T, TOp>(ref x, ref y, i + (5 * c)).AsUInt64()),
                Vector512.Narrow(M512<T, TOp>(ref x, ref y, i + (6 * c)).AsUInt64(), M512<T, TOp>(ref x, ref y, i + (7 * c)).AsUInt64())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> M512<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T> => TOp.Mask(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Bytes256<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T>
    {
        nuint c = (nuint)Vector256<T>.Count;
        if (sizeof(T) == 1)
        {
            return M256<T, TOp>(ref x, ref y, i).AsByte();
        }

        if (sizeof(T) == 2)
        {
            return Vector256.Narrow(M256<T, TOp>(ref x, ref y, i).AsUInt16(), M256<T, TOp>(ref x, ref y, i + c).AsUInt16());
        }

        if (sizeof(T) == 4)
        {
            return Vector256.Narrow(
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i).AsUInt32(), M256<T, TOp>(ref x, ref y, i + c).AsUInt32()),
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt32(), M256<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt32()));
        }

        return Vector256.Narrow(
            Vector256.Narrow(
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i).AsUInt64(), M256<T, TOp>(ref x, ref y, i + c).AsUInt64()),
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt64(), M256<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt64())),
            Vector256.Narrow(
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i + (4 * c)).AsUInt64(), M256<T, TOp>(ref x, ref y, i + (5 * c)).AsUInt64()),
                Vector256.Narrow(M256<T, TOp>(ref x, ref y, i + (6 * c)).AsUInt64(), M256<T, TOp>(ref x, ref y, i + (7 * c)).AsUInt64())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> M256<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T> => TOp.Mask(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bytes128<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T>
    {
        nuint c = (nuint)Vector128<T>.Count;
        if (sizeof(T) == 1)
        {
            return M128<T, TOp>(ref x, ref y, i).AsByte();
        }

        if (sizeof(T) == 2)
        {
            return Vector128.Narrow(M128<T, TOp>(ref x, ref y, i).AsUInt16(), M128<T, TOp>(ref x, ref y, i + c).AsUInt16());
        }

        if (sizeof(T) == 4)
        {
            return Vector128.Narrow(
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i).AsUInt32(), M128<T, TOp>(ref x, ref y, i + c).AsUInt32()),
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt32(), M128<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt32()));
        }

        return Vector128.Narrow(
            Vector128.Narrow(
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i).AsUInt64(), M128<T, TOp>(ref x, ref y, i + c).AsUInt64()),
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i + (2 * c)).AsUInt64(), M128<T, TOp>(ref x, ref y, i + (3 * c)).AsUInt64())),
            Vector128.Narrow(
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i + (4 * c)).AsUInt64(), M128<T, TOp>(ref x, ref y, i + (5 * c)).AsUInt64()),
                Vector128.Narrow(M128<T, TOp>(ref x, ref y, i + (6 * c)).AsUInt64(), M128<T, TOp>(ref x, ref y, i + (7 * c)).AsUInt64())));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> M128<T, TOp>(ref T x, ref T y, nuint i)
        where T : unmanaged
        where TOp : IComparisonOperator<T> => TOp.Mask(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
}
