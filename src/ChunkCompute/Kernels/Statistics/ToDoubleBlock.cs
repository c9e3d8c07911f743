using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>destination[i] = (double)source[i]</c> for a block of numeric values (<c>x.astype(float64)</c>), as
/// <see cref="ScalarCast.ToDouble{T}"/> does it: exact for every type but 64-bit integers above 2^53, which round
/// to nearest even (the rounding of <c>vcvtqq2pd</c>/<c>vcvtuqq2pd</c> and of the scalar conversions). AVX-512
/// converts 8 lanes per instruction, AVX2 4 (float, int and the 8- and 16-bit integers); other types (Half, bool,
/// and on AVX2 double, uint and 64-bit integers) and machines take the scalar cast.
/// </summary>
internal static class ToDoubleBlock
{
    /// <summary>Converts <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        else if (Avx2.IsSupported && HasAvx2Lanes<T>())
        {
            for (; i <= source.Length - 4; i += 4)
            {
                Lanes4(ref Unsafe.Add(ref s, i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i) = ScalarCast.ToDouble(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>The types AVX2 converts: float, int, and the 8- and 16-bit integers (AVX2 has no conversion from uint or 64-bit integers).</summary>
    private static bool HasAvx2Lanes<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte);

    /// <summary>Four values from <paramref name="s"/> as float64 lanes with AVX2 (only <see cref="HasAvx2Lanes{T}"/> types reach it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lanes4<T>(ref T s)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref s)));
        }

        if (typeof(T) == typeof(int))
        {
            return Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.As<T, int>(ref s)));
        }

        // Narrow integers: the four values (8 or 4 bytes) widened to int32 lanes, then converted.
        Vector128<int> w;
        if (typeof(T) == typeof(short))
        {
            w = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<T, byte>(ref s))).AsInt16());
        }
        else if (typeof(T) == typeof(ushort))
        {
            w = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<T, byte>(ref s))).AsUInt16());
        }
        else if (typeof(T) == typeof(sbyte))
        {
            w = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<int>(ref Unsafe.As<T, byte>(ref s))).AsSByte());
        }
        else
        {
            w = Sse41.ConvertToVector128Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<int>(ref Unsafe.As<T, byte>(ref s))).AsByte());
        }

        return Avx.ConvertToVector256Double(w);
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
