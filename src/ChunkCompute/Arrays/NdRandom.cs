using System.Runtime.CompilerServices;

namespace ChunkCompute;

/// <summary>
/// A seeded random generator for arrays, like <c>np.random.default_rng(seed)</c>: uniform, normal and integer arrays
/// whose values for a given seed never depend on the thread count or on how the array is filled.
/// </summary>
/// <remarks>
/// Counter-based: element <c>i</c> of the <c>k</c>-th draw is a pure function of <c>(seed, k, i)</c> — the SplitMix64
/// finaliser applied to a Weyl sequence — so any block of an array can be generated independently and in parallel
/// with identical results. Uniform doubles use the top 53 bits (<c>[0, 1)</c>, as NumPy). Normals use the
/// Box–Muller transform on element pairs. Integers in <c>[low, high)</c> use Lemire's multiply-shift on 64 random bits
/// (bias below 2^-32 for any range under 2^32). The streams are not NumPy's: the same seed gives other numbers than NumPy.
/// </remarks>
public sealed class NdRandom
{
    private readonly ulong _seed;
    private ulong _draws;

    /// <summary>Creates a generator for <paramref name="seed"/>.</summary>
    public NdRandom(ulong seed)
    {
        _seed = Mix(seed ^ 0x9E3779B97F4A7C15UL);
    }

    /// <summary>Uniform values in <c>[low, high)</c>.</summary>
    public NdArray<double> Uniform(long[] shape, double low = 0.0, double high = 1.0)
    {
        var a = NdArray.Empty<double>(shape);
        ulong stream = NextStream();
        Fill(a, stream, (s, i) => low + ((high - low) * UnitDouble(Bits(s, i))));
        return a;
    }

    /// <summary>Normally distributed values with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/>.</summary>
    public NdArray<double> Normal(long[] shape, double loc = 0.0, double scale = 1.0)
    {
        var a = NdArray.Empty<double>(shape);
        ulong stream = NextStream();
        Fill(a, stream, (s, i) =>
        {
            // Box-Muller on the pair (2k, 2k+1): cos for even elements, sin for odd ones.
            long pair = i >> 1;
            double u1 = 1.0 - UnitDouble(Bits(s, 2 * pair)); // (0, 1]: log is finite
            double u2 = UnitDouble(Bits(s, (2 * pair) + 1));
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double z = (i & 1) == 0 ? r * Math.Cos(2 * Math.PI * u2) : r * Math.Sin(2 * Math.PI * u2);
            return loc + (scale * z);
        });
        return a;
    }

    /// <summary>Integers in <c>[low, high)</c> of type <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>.</exception>
    public NdArray<T> Integers<T>(long low, long high, long[] shape) where T : unmanaged
    {
        if (high <= low)
        {
            ThrowHelper.ThrowArgument($"high ({high}) must be greater than low ({low})", nameof(high));
        }

        ulong range = (ulong)(high - low);
        var a = NdArray.Empty<T>(shape);
        ulong stream = NextStream();
        ref T p = ref a.DangerousGetReference();
        for (long i = 0; i < a.Size; i++)
        {
            ulong r = Math.BigMul(Bits(stream, i), range, out _);
            Unsafe.Add(ref p, (nint)i) = ScalarCast.FromBits<T>((ulong)(low + (long)r));
        }

        return a;
    }

    private ulong NextStream() => Mix(_seed + (0xD1B54A32D192ED03UL * ++_draws));

    private static void Fill(NdArray<double> a, ulong stream, Func<ulong, long, double> value)
    {
        ref double p = ref a.DangerousGetReference();
        for (long i = 0; i < a.Size; i++)
        {
            Unsafe.Add(ref p, (nint)i) = value(stream, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(ulong stream, long index) => Mix(stream + (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double UnitDouble(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
