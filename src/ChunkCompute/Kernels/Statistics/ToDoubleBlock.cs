using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>destination[i] = (double)source[i]</c> for a block of numeric values (<c>x.astype(float64)</c>), as
/// <see cref="ScalarCast.ToDouble{T}"/> does it: exact for every type but 64-bit integers above 2^53, which round
/// to nearest even (the rounding of <c>vcvtqq2pd</c>/<c>vcvtuqq2pd</c> and of the scalar conversions). AVX-512
/// converts 8 lanes per instruction; other types (Half, bool) and machines take the scalar cast.
/// </summary>
internal static class ToDoubleBlock
{
    /// <summary>Converts <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Convert<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, source.Length, nameof(destination));
        ref T s = ref MemoryMarshal.GetReference(source);
        ref double d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Avx512F.IsSupported && Avx512DQ.IsSupported && Avx512BW.IsSupported)
        {
            for (; i <= source.Length - 8; i += 8)
            {
                Lanes(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i) = ScalarCast.ToDouble(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>Eight values from <paramref name="s"/> as float64 lanes (only the types it converts reach it with AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lanes<T>(ref T s)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref s));
        }

        if (typeof(T) == typeof(float))
        {
            return Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref s)));
        }

        if (typeof(T) == typeof(int))
        {
            return Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<T, int>(ref s)));
        }

        if (typeof(T) == typeof(uint))
        {
            return Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<T, uint>(ref s)));
        }

        if (typeof(T) == typeof(long))
        {
            return Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.As<T, long>(ref s)));
        }

        if (typeof(T) == typeof(ulong))
        {
            return Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref Unsafe.As<T, ulong>(ref s)));
        }

        if (typeof(T) == typeof(short))
        {
            return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.As<T, short>(ref s))));
        }

        if (typeof(T) == typeof(ushort))
        {
            return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.As<T, ushort>(ref s))));
        }

        if (typeof(T) == typeof(sbyte))
        {
            var v = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<T, byte>(ref s))).AsSByte();
            return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(v));
        }

        if (typeof(T) == typeof(byte))
        {
            var v = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<T, byte>(ref s))).AsByte();
            return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(v));
        }

        return Vector512.Create(
            ScalarCast.ToDouble(s),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 1)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 2)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 3)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 4)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 5)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 6)),
            ScalarCast.ToDouble(Unsafe.Add(ref s, 7)));
    }
}
