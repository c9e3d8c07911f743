using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// The one vectorised loop for 2-input elementwise operators (<see cref="IBinaryOperator{T}"/>): picks the widest
/// hardware-accelerated vector that fits, and handles the remainder once, by recomputing the last whole vector
/// (which overlaps the loop's final vector) instead of a scalar tail. Spans shorter than one vector run scalar.
/// Destinations of at least <see cref="NonTemporalThresholdBytes"/> get streaming (non-temporal) stores.
/// </summary>
/// <remarks>
/// Inputs may be the destination itself (in place), but must not partially overlap it: the N-D layer routes
/// such calls through a temporary.
/// </remarks>
internal static unsafe class BinaryDriver
{
    /// <summary>Destination size from which stores bypass the cache (well above L2, so the data would be evicted anyway).</summary>
    public const long NonTemporalThresholdBytes = 4 << 20;

    /// <summary>Applies <typeparamref name="TOp"/> elementwise into <paramref name="destination"/> (same length as every input).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged
        where TOp : IBinaryOperator<T>
    {
        if (x.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x.Length} elements, destination {destination.Length}", nameof(x));
        }

        if (y.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: y has {y.Length} elements, destination {destination.Length}", nameof(y));
        }
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length;
        if (TOp.Vectorizable && Vector128<T>.IsSupported)
        {
            if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            {
                nuint c = (nuint)Vector512<T>.Count;

                // The last (possibly overlapping) vector is computed before the loop writes anything, so an in-place call
                // (destination == x) still reads original inputs there; the loop then covers whole vectors only.
                Vector512<T> last = TOp.Invoke(Vector512.LoadUnsafe(ref xr, n - c), Vector512.LoadUnsafe(ref yr, n - c));
                // Aligned stores: the loop starts at the destination's first vector boundary, and the first vector,
                // computed now and stored last, covers the elements skipped (unaligned vectors split cache lines).
                nuint head = UnaryDriver.AlignmentHead(ref dr, n, c);
                Vector512<T> first = head == 0 ? default : TOp.Invoke(Vector512.LoadUnsafe(ref xr), Vector512.LoadUnsafe(ref yr));
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
                                TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreAlignedNonTemporal(p + i);
                            }

                            if (Sse.IsSupported)
                            {
                                Sse.StoreFence();
                            }
                        }
                    }
                }

                for (; i + (4 * c) <= n; i += 4 * c)
                {
                    Vector512<T> r0 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i));
                    Vector512<T> r1 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, i + c), Vector512.LoadUnsafe(ref yr, i + c));
                    Vector512<T> r2 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, i + (2 * c)), Vector512.LoadUnsafe(ref yr, i + (2 * c)));
                    Vector512<T> r3 = TOp.Invoke(Vector512.LoadUnsafe(ref xr, i + (3 * c)), Vector512.LoadUnsafe(ref yr, i + (3 * c)));
                    r0.StoreUnsafe(ref dr, i);
                    r1.StoreUnsafe(ref dr, i + c);
                    r2.StoreUnsafe(ref dr, i + (2 * c));
                    r3.StoreUnsafe(ref dr, i + (3 * c));
                }

                for (; i + c <= n; i += c)
                {
                    TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
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
                Vector256<T> last = TOp.Invoke(Vector256.LoadUnsafe(ref xr, n - c), Vector256.LoadUnsafe(ref yr, n - c));
                // Aligned stores: the loop starts at the destination's first vector boundary, and the first vector,
                // computed now and stored last, covers the elements skipped (unaligned vectors split cache lines).
                nuint head = UnaryDriver.AlignmentHead(ref dr, n, c);
                Vector256<T> first = head == 0 ? default : TOp.Invoke(Vector256.LoadUnsafe(ref xr), Vector256.LoadUnsafe(ref yr));
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
                                TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreAlignedNonTemporal(p + i);
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
                    TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
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
                Vector128<T> last = TOp.Invoke(Vector128.LoadUnsafe(ref xr, n - c), Vector128.LoadUnsafe(ref yr, n - c));
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
                                TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreAlignedNonTemporal(p + i);
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
                    TOp.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                }

                last.StoreUnsafe(ref dr, n - c);
                return;
            }
        }

        for (nuint j = 0; j < n; j++)
        {
            Unsafe.Add(ref dr, j) = TOp.Invoke(Unsafe.Add(ref xr, j), Unsafe.Add(ref yr, j));
        }
    }

    /// <summary>Applies the scalar-only <typeparamref name="TOp"/> elementwise into <paramref name="destination"/> (same length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InvokeScalar<TIn, TOut, TOp>(ReadOnlySpan<TIn> x, ReadOnlySpan<TIn> y, Span<TOut> destination)
        where TIn : unmanaged
        where TOut : unmanaged
        where TOp : IScalarBinaryOperator<TIn, TOut>
    {
        if (x.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x.Length} elements, destination {destination.Length}", nameof(x));
        }

        if (y.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: y has {y.Length} elements, destination {destination.Length}", nameof(y));
        }
        ref TIn xr = ref MemoryMarshal.GetReference(x);
        ref TIn yr = ref MemoryMarshal.GetReference(y);
        ref TOut dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length;
        for (nuint k = 0; k < n; k++)
        {
            Unsafe.Add(ref dr, k) = TOp.Invoke(Unsafe.Add(ref xr, k), Unsafe.Add(ref yr, k));
        }
    }
}
