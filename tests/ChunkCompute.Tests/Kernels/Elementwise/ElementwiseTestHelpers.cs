using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>Raw-bit conversions and ULP distances shared by the elementwise tests.</summary>
internal static class ElementwiseTestHelpers
{
    public static ulong ToBits<T>(T value)
        where T : unmanaged
    {
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        MemoryMarshal.Write(b, in value);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    public static T FromBits<T>(ulong bits)
        where T : unmanaged
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, bits);
        return MemoryMarshal.Read<T>(b);
    }

    /// <summary>Array of <paramref name="dtype"/> from raw bit patterns.</summary>
    public static NdArray FromBits(DType dtype, ulong[] bits) => dtype.Code switch
    {
        0 => Make<double>(bits),
        1 => Make<float>(bits),
        2 => Make<Half>(bits),
        3 => Make<long>(bits),
        4 => Make<int>(bits),
        5 => Make<short>(bits),
        6 => Make<sbyte>(bits),
        7 => Make<ulong>(bits),
        8 => Make<uint>(bits),
        9 => Make<ushort>(bits),
        10 => Make<byte>(bits),
        _ => Make<bool>(bits),
    };

    public static ulong[] ToBits(NdArray a) => a.DType.Code switch
    {
        0 => Bits<double>(a),
        1 => Bits<float>(a),
        2 => Bits<Half>(a),
        3 => Bits<long>(a),
        4 => Bits<int>(a),
        5 => Bits<short>(a),
        6 => Bits<sbyte>(a),
        7 => Bits<ulong>(a),
        8 => Bits<uint>(a),
        9 => Bits<ushort>(a),
        10 => Bits<byte>(a),
        _ => Bits<bool>(a),
    };

    private static NdArray<T> Make<T>(ulong[] bits)
        where T : unmanaged => NdArray.FromArray(bits.Select(FromBits<T>).ToArray(), bits.Length);

    private static ulong[] Bits<T>(NdArray a)
        where T : unmanaged => ((NdArray<T>)a).ToArray().Select(ToBits).ToArray();

    /// <summary>ULP distance between two floats given as raw bits of <paramref name="itemSize"/> bytes (NaN == NaN).</summary>
    public static long UlpDistance(ulong a, ulong b, int itemSize)
    {
        double da = Decode(a, itemSize), db = Decode(b, itemSize);
        if (double.IsNaN(da) && double.IsNaN(db))
        {
            return 0;
        }

        if (double.IsNaN(da) || double.IsNaN(db))
        {
            return long.MaxValue;
        }

        if (da == db)
        {
            return 0;
        }

        int bitsCount = itemSize * 8;
        long Ordered(ulong v)
        {
            long s = (long)(v << (64 - bitsCount)) >> (64 - bitsCount);
            return s < 0 ? (long)(1UL << (bitsCount - 1)) * -1 - s : s;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }

    public static long Ulp(double a, double b) => UlpDistance(BitConverter.DoubleToUInt64Bits(a), BitConverter.DoubleToUInt64Bits(b), 8);

    public static long Ulp(float a, float b) => UlpDistance(BitConverter.SingleToUInt32Bits(a), BitConverter.SingleToUInt32Bits(b), 4);

    private static double Decode(ulong bits, int itemSize) => itemSize switch
    {
        8 => BitConverter.UInt64BitsToDouble(bits),
        4 => BitConverter.UInt32BitsToSingle((uint)bits),
        _ => (double)BitConverter.UInt16BitsToHalf((ushort)bits),
    };
}
