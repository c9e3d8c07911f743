using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// The one vectorised loop for 1-input elementwise operators (<see cref="IUnaryOperator{T}"/>): picks the widest
/// hardware-accelerated vector that fits, and handles the remainder once, by recomputing the last whole vector
/// (which overlaps the loop's final vector) instead of a scalar tail. Spans shorter than one vector run scalar.
/// Destinations of at least <see cref="NonTemporalThresholdBytes"/> get streaming (non-temporal) stores.
/// </summary>
/// <remarks>
/// Inputs may be the destination itself (in place), but must not partially overlap it: the N-D layer routes
/// such calls through a temporary.
/// </remarks>
internal static unsafe class UnaryDriver
{
    /// <summary>Destination size from which stores bypass the cache (well above L2, so the data would be evicted anyway).</summary>
    public const long NonTemporalThresholdBytes = 4 << 20;

    /// <summary>Applies <typeparamref name="TOp"/> elementwise into <paramref name="destination"/> (same length as every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged
        where TOp : IUnaryOperator<T>
    {
        if (x.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x.Length} elements, destination {destination.Length}", nameof(x));
        }
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length;
        if (TOp.Vectorizable && Vector128<T>.IsSupported)
        {
            if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            {
                nuint c = (nuint)Vector512<T>.Count;

                // The last (possibly overlapping) vector is computed before the loop writes anything, so an in-place call
                // (destination == x) still reads original inputs there; the loop then covers whole vectors only.
                Vector512<T> last = TOp.Invoke(Vector512.LoadUnsafe(ref xr, n - c));
                // Aligned stores: the loop starts at the destination's first vector boundary, and the first vector,
                // computed now and stored last, covers the elements skipped (unaligned vectors split cache lines).
                nuint head = AlignmentHead(ref dr, n, c);
                Vector512<T> first = head == 0 ? default : TOp.Invoke(Vector512.LoadUnsafe(ref xr));
                nuint i = head;
                if (n * (nuint)sizeof(T) >= NonTemporalThresholdBytes)
                {
                    fixed (T* p = &dr)
                    {
                        // Streaming stores skip the read-for-ownership of destination lines: a third less memory traffic
                        // for a unary kernel on large arrays. Only on a vector-aligned destination (native arrays are).
                        if (((nuint)(p + i) % (nuint)(c * (nuint)sizeof(T))) == 0)
                        {
                            for (; i + c <= n; i += c)
                            {
                                TOp.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreAlignedNonTemporal(p + i);
                            }

                            if (Sse.IsSupported)
                            {
                                Sse.StoreFence();
                            }
                        }
                    }
                }

                for (; i + c <= n; i += c)
                {
                    TOp.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                }

                if (head != 0)
                {
                    first.StoreUnsafe(ref dr);
                }

                last.StoreUnsafe(ref dr, n - c);
                return;
            }

            if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            {
                nuint c = (nuint)Vector256<T>.Count;

                // The last (possibly overlapping) vector is computed before the loop writes anything, so an in-place call
                // (destination == x) still reads original inputs there; the loop then covers whole vectors only.
                Vector256<T> last = TOp.Invoke(Vector256.LoadUnsafe(ref xr, n - c));
                // Aligned stores: the loop starts at the destination's first vector boundary, and the first vector,
                // computed now and stored last, covers the elements skipped (unaligned vectors split cache lines).
                nuint head = AlignmentHead(ref dr, n, c);
                Vector256<T> first = head == 0 ? default : TOp.Invoke(Vector256.LoadUnsafe(ref xr));
                nuint i = head;
                if (n * (nuint)sizeof(T) >= NonTemporalThresholdBytes)
                {
                    fixed (T* p = &dr)
                    {
                        // Streaming stores skip the read-for-ownership of destination lines: a third less memory traffic
                        // for a unary kernel on large arrays. Only on a vector-aligned destination (native arrays are).
                        if (((nuint)(p + i) % (nuint)(c * (nuint)sizeof(T))) == 0)
                        {
                            for (; i + c <= n; i += c)
                            {
                                TOp.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreAlignedNonTemporal(p + i);
                            }

                            if (Sse.IsSupported)
                            {
                                Sse.StoreFence();
                            }
                        }
                    }
                }

                for (; i + c <= n; i += c)
                {
                    TOp.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                }

                if (head != 0)
                {
                    first.StoreUnsafe(ref dr);
                }

                last.StoreUnsafe(ref dr, n - c);
                return;
            }

            if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
            {
                nuint c = (nuint)Vector128<T>.Count;

                // The last (possibly overlapping) vector is computed before the loop writes anything, so an in-place call
                // (destination == x) still reads original inputs there; the loop then covers whole vectors only.
                Vector128<T> last = TOp.Invoke(Vector128.LoadUnsafe(ref xr, n - c));
                nuint i = 0;
                if (n * (nuint)sizeof(T) >= NonTemporalThresholdBytes)
                {
                    fixed (T* p = &dr)
                    {
                        // Streaming stores skip the read-for-ownership of destination lines: a third less memory traffic
                        // for a unary kernel on large arrays. Only on a vector-aligned destination (native arrays are).
                        if (((nuint)p % (nuint)(c * (nuint)sizeof(T))) == 0)
                        {
                            for (; i + c <= n; i += c)
                            {
                                TOp.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreAlignedNonTemporal(p + i);
                            }

                            if (Sse.IsSupported)
                            {
                                Sse.StoreFence();
                            }
                        }
                    }
                }

                for (; i + c <= n; i += c)
                {
                    TOp.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
                }

                last.StoreUnsafe(ref dr, n - c);
                return;
            }
        }

        for (nuint j = 0; j < n; j++)
        {
            Unsafe.Add(ref dr, j) = TOp.Invoke(Unsafe.Add(ref xr, j));
        }
    }

    /// <summary>
    /// Elements before the first <paramref name="c"/>-element vector boundary of <paramref name="destination"/>: 0 when it
    /// is aligned already, cannot be aligned (an address that is not a multiple of the element size) or the span holds
    /// fewer than two vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nuint AlignmentHead<T>(ref T destination, nuint n, nuint c)
        where T : unmanaged
    {
        nuint bytes = c * (nuint)sizeof(T);
        nuint misalignment = (nuint)Unsafe.AsPointer(ref destination) % bytes;
        return misalignment == 0 || misalignment % (nuint)sizeof(T) != 0 || n < 2 * c ? 0 : (bytes - misalignment) / (nuint)sizeof(T);
    }

    /// <summary>Applies the scalar-only <typeparamref name="TOp"/> elementwise into <paramref name="destination"/> (same length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InvokeScalar<TIn, TOut, TOp>(ReadOnlySpan<TIn> x, Span<TOut> destination)
        where TIn : unmanaged
        where TOut : unmanaged
        where TOp : IScalarUnaryOperator<TIn, TOut>
    {
        if (x.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x.Length} elements, destination {destination.Length}", nameof(x));
        }
        ref TIn xr = ref MemoryMarshal.GetReference(x);
        ref TOut dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length;
        for (nuint k = 0; k < n; k++)
        {
            Unsafe.Add(ref dr, k) = TOp.Invoke(Unsafe.Add(ref xr, k));
        }
    }
}
