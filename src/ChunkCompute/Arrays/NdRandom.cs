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
/// Large arrays are filled in parallel (<see cref="Execution.ExecutionSettings.Current"/>); the bits never depend on it.
/// Each call advances a thread-safe draw counter, so calls from several threads get distinct streams (in call order).
/// </remarks>
public sealed class NdRandom
{
    private readonly ulong _seed;
    private long _draws;

    /// <summary>Creates a generator for <paramref name="seed"/>.</summary>
    public NdRandom(ulong seed)
    {
        _seed = Mix(seed ^ 0x9E3779B97F4A7C15UL);
    }

    /// <summary>
    /// Uniform values <c>low + (high - low) * u</c> with <c>u</c> in <c>[0, 1)</c> (as NumPy's <c>uniform</c>; with
    /// rounding a value can equal <paramref name="high"/> when the interval is not exactly representable).
    /// </summary>
    /// <exception cref="ArgumentException">A bound is not finite or <paramref name="high"/> is below <paramref name="low"/>.</exception>
    public NdArray<double> Uniform(long[] shape, double low = 0.0, double high = 1.0)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || high < low)
        {
            ThrowHelper.ThrowArgument($"uniform needs finite low <= high (got low={low}, high={high})", nameof(high));
        }

        var a = NdArray.Empty<double>(shape);
        FillParallel(a, new UniformValues(NextStream(), low, high - low));
        return a;
    }

    /// <summary>Normally distributed values with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="scale"/> is negative or a parameter is not finite.</exception>
    public NdArray<double> Normal(long[] shape, double loc = 0.0, double scale = 1.0)
    {
        if (!double.IsFinite(loc) || !double.IsFinite(scale) || scale < 0)
        {
            ThrowHelper.ThrowArgument($"normal needs a finite loc and a finite scale >= 0 (got loc={loc}, scale={scale})", nameof(scale));
        }

        var a = NdArray.Empty<double>(shape);
        FillParallel(a, new NormalValues(NextStream(), loc, scale));
        return a;
    }

    /// <summary>Integers in <c>[low, high)</c> of type <typeparamref name="T"/> (an integer type).</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not above <paramref name="low"/>, or a bound is outside <typeparamref name="T"/>'s range (as NumPy's "high is out of bounds for int8").</exception>
    public NdArray<T> Integers<T>(long low, long high, long[] shape) where T : unmanaged
    {
        if (high <= low)
        {
            ThrowHelper.ThrowArgument($"high ({high}) must be greater than low ({low})", nameof(high));
        }

        if (!ScalarCast.IsInteger<T>())
        {
            ThrowHelper.ThrowArgument($"Integers needs an integer element type, not {DType.Of<T>()}", nameof(T));
        }

        var dtype = DType.Of<T>();
        bool unsigned = dtype.Kind == DTypeKind.UnsignedInteger;
        int bits = dtype.ItemSize * 8;
        long min = unsigned ? 0 : bits == 64 ? long.MinValue : -(1L << (bits - 1));
        long maxExclusive = bits == 64 ? long.MaxValue : unsigned ? 1L << bits : 1L << (bits - 1);
        if (low < min)
        {
            ThrowHelper.ThrowArgument($"low is out of bounds for {dtype} (low={low}, smallest allowed {min})", nameof(low));
        }

        if (high > maxExclusive && !(bits == 64))
        {
            ThrowHelper.ThrowArgument($"high is out of bounds for {dtype} (high={high}, largest allowed {maxExclusive})", nameof(high));
        }

        var a = NdArray.Empty<T>(shape);
        FillParallel(a, new IntegerValues<T>(NextStream(), low, (ulong)(high - low)));
        return a;
    }

    /// <summary>Each call draws from a new stream (thread-safe), so consecutive arrays differ.</summary>
    private ulong NextStream() => Mix(_seed + (0xD1B54A32D192ED03UL * (ulong)Interlocked.Increment(ref _draws)));

    private static void FillParallel<T, TValues>(NdArray<T> a, TValues values)
        where T : unmanaged
        where TValues : struct, IElementValues<T>
    {
        if (a.Size == 0)
        {
            return;
        }

        // Element i is a pure function of (stream, i), so any split of [0, Size) gives the same bits.
        Execution.ParallelRange.For(a.Size, new FillAction<T, TValues>(a.Storage, values));
        GC.KeepAlive(a);
    }

    private interface IElementValues<T>
    {
        T Value(long index);
    }

    private readonly struct FillAction<T, TValues> : Execution.IRangeAction
        where T : unmanaged
        where TValues : struct, IElementValues<T>
    {
        private readonly Storage.Storage<T> _storage;
        private readonly TValues _values;

        public FillAction(Storage.Storage<T> storage, TValues values)
        {
            _storage = storage;
            _values = values;
        }

        public void Invoke(long start, long end)
        {
            ref T p = ref _storage.DangerousGetReferenceInternal();
            for (long i = start; i < end; i++)
            {
                Unsafe.Add(ref p, (nint)i) = _values.Value(i);
            }
        }
    }

    private readonly struct UniformValues(ulong stream, double low, double width) : IElementValues<double>
    {
        public double Value(long index) => low + (width * UnitDouble(Bits(stream, index)));
    }

    private readonly struct NormalValues(ulong stream, double loc, double scale) : IElementValues<double>
    {
        public double Value(long index)
        {
            // Box-Muller on the pair (2k, 2k+1): cos for even elements, sin for odd ones.
            long pair = index >> 1;
            double u1 = 1.0 - UnitDouble(Bits(stream, 2 * pair)); // (0, 1]: log is finite
            double u2 = UnitDouble(Bits(stream, (2 * pair) + 1));
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double z = (index & 1) == 0 ? r * Math.Cos(2 * Math.PI * u2) : r * Math.Sin(2 * Math.PI * u2);
            return loc + (scale * z);
        }
    }

    private readonly struct IntegerValues<T>(ulong stream, long low, ulong range) : IElementValues<T>
        where T : unmanaged
    {
        public T Value(long index)
        {
            ulong r = Math.BigMul(Bits(stream, index), range, out _);
            return ScalarCast.FromBits<T>((ulong)low + r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(ulong stream, long index) => Mix(stream + (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double UnitDouble(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64's output mix (also the sample-position generator of the bucket selection).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
