using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>Lowest and highest values of each element type (−∞/+∞ for floats), the identities of max and min.</summary>
internal static class Limits<T>
    where T : unmanaged
{
    public static readonly T Lowest = Make(low: true);
    public static readonly T Highest = Make(low: false);

    private static T Make(bool low)
    {
        object v = typeof(T) switch
        {
            var t when t == typeof(double) => low ? double.NegativeInfinity : double.PositiveInfinity,
            var t when t == typeof(float) => low ? float.NegativeInfinity : float.PositiveInfinity,
            var t when t == typeof(Half) => low ? Half.NegativeInfinity : Half.PositiveInfinity,
            var t when t == typeof(long) => low ? long.MinValue : long.MaxValue,
            var t when t == typeof(int) => low ? int.MinValue : int.MaxValue,
            var t when t == typeof(short) => low ? short.MinValue : short.MaxValue,
            var t when t == typeof(sbyte) => low ? sbyte.MinValue : sbyte.MaxValue,
            var t when t == typeof(ulong) => low ? ulong.MinValue : ulong.MaxValue,
            var t when t == typeof(uint) => low ? uint.MinValue : uint.MaxValue,
            var t when t == typeof(ushort) => low ? ushort.MinValue : ushort.MaxValue,
            var t when t == typeof(byte) => low ? byte.MinValue : byte.MaxValue,
            var t when t == typeof(bool) => !low,
            _ => throw new NotSupportedException($"element type {typeof(T)} is not supported"),
        };
        return (T)v;
    }
}

/// <summary>A value with its index in the reduced order (the partial of ArgMin/ArgMax); index −1 means "none yet".</summary>
internal readonly record struct ArgPartial<T>(T Value, long Index)
    where T : unmanaged
{
    public static ArgPartial<T> None => new(default, -1);
}

/// <summary>Small helpers shared by operators.</summary>
internal static class OperatorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<TTo> As<T, TTo>(ReadOnlySpan<T> xs)
        where T : unmanaged
        where TTo : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, TTo>(xs);
}

/// <summary>NumPy type classes as reductions need them.</summary>
internal static class ReductionTypes
{
    /// <summary>uint8..uint64 (not bool, which sums to int64 in NumPy).</summary>
    public static bool IsUnsignedInteger<T>() =>
        typeof(T) == typeof(ulong) || typeof(T) == typeof(uint) || typeof(T) == typeof(ushort) || typeof(T) == typeof(byte);
}
