using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// Integer <c>floor_divide</c> and <c>remainder</c> in float64 vector lanes instead of two hardware divisions per
/// element. Exact: for integers with <c>|x| &lt; 2^53</c> and <c>y != 0</c>, the correctly rounded quotient
/// <c>x / y</c> never crosses an integer (its rounding error, at most <c>2^-53 |x / y|</c>, is smaller than
/// <c>1 / |y|</c>, the least distance of a non-integral quotient from an integer, and an integral quotient is
/// exact), so <c>floor(x / y)</c> in double is NumPy's floor quotient; <c>x - q y</c> by one FMA is exact because
/// the true remainder is representable. Every value of the 8-, 16- and 32-bit types qualifies; 64-bit blocks
/// qualify when all their values are below 2^53 in magnitude (timestamps, counts, indices), others take the
/// scalar operator. <c>y == 0</c> gives 0 and <c>MinValue // -1</c> wraps to MinValue, as NumPy's integer loops
/// (the quotient is converted through int64 and truncated to the type).
/// </summary>
internal static class IntegerDivision
{
    private const int Block = 256;
    private const double ExactMax = 9007199254740991.0; // 2^53 - 1: integral doubles up to it are below 2^53

    /// <summary>Whether <typeparamref name="T"/> is an integer type this path handles on this machine (hardware vectors).</summary>
    public static bool Supports<T>()
        where T : unmanaged =>
        Vector.IsHardwareAccelerated && (typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short) || typeof(T) == typeof(ushort)
            || typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong));

    /// <summary>
    /// <c>destination = floor(x / y)</c> or, with <paramref name="remainder"/>, <c>x - floor(x / y) y</c>, element
    /// by element; types without <see cref="Supports{T}"/> (floats, Half) and mismatched lengths (its message) take
    /// the scalar operator <typeparamref name="TScalar"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TScalar>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, bool remainder)
        where T : unmanaged, INumber<T>
        where TScalar : IScalarBinaryOperator<T, T>
    {
        if (!Supports<T>() || x.Length != destination.Length || y.Length != destination.Length)
        {
            BinaryDriver.InvokeScalar<T, T, TScalar>(x, y, destination);
            return;
        }

        bool wide = typeof(T) == typeof(long) || typeof(T) == typeof(ulong);
        if (!wide && SpanMath.IsUniform(y))
        {
            ByScalar<T, TScalar>(x, y[0], destination, remainder);
            return;
        }

        Span<double> xd = stackalloc double[Block];
        Span<double> yd = stackalloc double[Block];
        Span<double> q = stackalloc double[Block];
        for (int i = 0; i < destination.Length; i += Block)
        {
            int n = Math.Min(Block, destination.Length - i);
            var xs = x.Slice(i, n);
            var ys = y.Slice(i, n);
            var ds = destination.Slice(i, n);
            var xb = xd[..n];
            var yb = yd[..n];
            var qb = q[..n];
            ToDoubleBlock.Convert(xs, xb);
            ToDoubleBlock.Convert(ys, yb);
            if (wide && (!SpanMath.AllWithin(xb, ExactMax) || !SpanMath.AllWithin(yb, ExactMax)))
            {
                BinaryDriver.InvokeScalar<T, T, TScalar>(xs, ys, ds);
                continue;
            }

            // Our operators, not TensorPrimitives: its generic loops stay tier-0 code for hundreds of calls on
            // blocks this short (docs/ARCHITECTURE.md, "Tiered compilation").
            if (remainder)
            {
                BinaryDriver.Invoke<double, FloorRemainderOperator>(xb, yb, qb);
            }
            else
            {
                BinaryDriver.Invoke<double, FloorQuotientOperator>(xb, yb, qb);
            }

            ZeroWhereDivisorIsZero(qb, yb);
            Store(qb, ds);
        }
    }

    /// <summary>
    /// Division by one divisor <paramref name="d"/> (8-, 16- and 32-bit types): a multiplication by the rounded
    /// reciprocal instead of a division per element, then one exact correction step. With <c>s = sign(d)</c>,
    /// <c>x' = s x</c> and <c>e = |d|</c> (so <c>floor(x / d) = floor(x' / e)</c>), the candidate
    /// <c>q = floor(x' · fl(1/e))</c> is the floor quotient or one less. The product <c>t (1 + η)</c> of
    /// <c>t = x' / e</c> has <c>|η| &lt; 2^-51</c> and <c>|t| &lt; 2^32 / e</c>, so it is off by less than
    /// <c>2^-19 / e</c>, while a non-integral <c>t</c> lies at least <c>1 / e</c> from every integer: its floor is
    /// kept. An integral <c>t</c> may come out just below itself, giving <c>t - 1</c>. The residual
    /// <c>r = x' - q e</c> by one FMA is exact (an integer below <c>2^33</c> in magnitude), so <c>r ≥ e</c> detects
    /// that case and moves <c>q</c> up by one; the floor remainder is then <c>s r</c>. int32 by a positive divisor
    /// takes integer lanes instead (<see cref="MagicInt32Divisor"/>: a multiply-high, half the vector work).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ByScalar<T, TScalar>(ReadOnlySpan<T> x, T d, Span<T> destination, bool remainder)
        where T : unmanaged, INumber<T>
        where TScalar : IScalarBinaryOperator<T, T>
    {
        if (T.IsZero(d))
        {
            destination.Clear();
            return;
        }

        int i = 0;
        if (typeof(T) == typeof(int) && int.CreateTruncating(d) > 0 && MagicInt32Divisor.IsSupported)
        {
            int dv = int.CreateTruncating(d);
            if (dv == 1)
            {
                // x // 1 = x, x % 1 = 0 (the magic number needs d >= 2).
                if (remainder)
                {
                    destination.Clear();
                }
                else
                {
                    x.CopyTo(destination);
                }

                return;
            }

            i = new MagicInt32Divisor(dv, remainder).Apply(
                MemoryMarshal.Cast<T, int>(x),
                MemoryMarshal.Cast<T, int>(destination));
        }
        else if (typeof(T) == typeof(int) && Avx512F.IsSupported)
        {
            var divisor = new ReciprocalDivisor(double.CreateTruncating(d), remainder);
            ref int xr = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(x));
            ref int dr = ref Unsafe.As<T, int>(ref MemoryMarshal.GetReference(destination));
            for (; i <= destination.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var v = divisor.Apply(Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref xr, (nuint)i)));
                Avx512F.ConvertToVector256Int32WithTruncation(v).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else
        {
            var divisor = new ReciprocalDivisor(double.CreateTruncating(d), remainder);
            Span<double> block = stackalloc double[Block];
            for (; i < destination.Length; i += Block)
            {
                int n = Math.Min(Block, destination.Length - i);
                var b = block[..n];
                ToDoubleBlock.Convert(x.Slice(i, n), b);
                divisor.Apply(b);
                Store(b, destination.Slice(i, n));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = TScalar.Invoke(x[i], d);
        }
    }

    /// <summary>y == 0 gives 0 (the lane holds ±Inf or NaN until here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ZeroWhereDivisorIsZero(Span<double> q, ReadOnlySpan<double> y)
    {
        int j = 0;
        ref double qr = ref MemoryMarshal.GetReference(q);
        ref double yr = ref MemoryMarshal.GetReference(y);
        for (; j <= q.Length - Vector<double>.Count; j += Vector<double>.Count)
        {
            var v = Vector.LoadUnsafe(ref qr, (nuint)j);
            Vector.ConditionalSelect(Vector.Equals(Vector.LoadUnsafe(ref yr, (nuint)j), Vector<double>.Zero), Vector<double>.Zero, v).StoreUnsafe(ref qr, (nuint)j);
        }

        for (; j < q.Length; j++)
        {
            if (Unsafe.Add(ref yr, j) == 0.0)
            {
                Unsafe.Add(ref qr, j) = 0.0;
            }
        }
    }

    /// <summary>
    /// The integral values of <paramref name="q"/> as <typeparamref name="T"/>, wrapping: int32 with <c>vcvttpd2dq</c>
    /// (its out-of-range answer, 0x80000000, is the wrapped 2^31 of MinValue // -1, the only quotient out of
    /// range), other types through int64, truncated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store<T>(ReadOnlySpan<double> q, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        int j = 0;
        ref double qr = ref MemoryMarshal.GetReference(q);
        ref T d = ref MemoryMarshal.GetReference(destination);
        if (typeof(T) == typeof(int) && Avx.IsSupported)
        {
            ref int di = ref Unsafe.As<T, int>(ref d);
            for (; j <= q.Length - 4; j += 4)
            {
                Avx.ConvertToVector128Int32WithTruncation(Vector256.LoadUnsafe(ref qr, (nuint)j)).StoreUnsafe(ref di, (nuint)j);
            }
        }

        for (; j < q.Length; j++)
        {
            Unsafe.Add(ref d, j) = T.CreateTruncating((long)Unsafe.Add(ref qr, j));
        }
    }
}

/// <summary><c>floor(x / y)</c> in double lanes (exact for the integer operands of <see cref="IntegerDivision"/>).</summary>
internal readonly struct FloorQuotientOperator : IBinaryOperator<double>
{
    public static bool Vectorizable => true;

    public static double Invoke(double x, double y) => Math.Floor(x / y);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.Floor(x / y);

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.Floor(x / y);

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.Floor(x / y);
}

/// <summary><c>x - floor(x / y) y</c> in double lanes, the product and difference as one FMA: exact (|r| &lt; |y| &lt; 2^53 is representable).</summary>
internal readonly struct FloorRemainderOperator : IBinaryOperator<double>
{
    public static bool Vectorizable => true;

    public static double Invoke(double x, double y) => Math.FusedMultiplyAdd(-Math.Floor(x / y), y, x);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.FusedMultiplyAdd(-Vector128.Floor(x / y), y, x);

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.FusedMultiplyAdd(-Vector256.Floor(x / y), y, x);

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.FusedMultiplyAdd(-Vector512.Floor(x / y), y, x);
}

/// <summary>
/// The floor quotient or floor remainder by one nonzero integral divisor below 2^32 in magnitude, for integral
/// dividends below 2^32 in magnitude, in float64 lanes (the proof is on <see cref="IntegerDivision"/>'s
/// <c>ByScalar</c>).
/// </summary>
internal readonly struct ReciprocalDivisor
{
    private readonly double _magnitude;
    private readonly double _reciprocal;
    private readonly bool _negative;
    private readonly bool _remainder;

    public ReciprocalDivisor(double divisor, bool remainder)
    {
        _magnitude = Math.Abs(divisor);
        _reciprocal = 1.0 / _magnitude;
        _negative = divisor < 0;
        _remainder = remainder;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Apply(Vector512<double> x)
    {
        var e = Vector512.Create(_magnitude);
        if (_negative)
        {
            x = -x;
        }

        var q = Vector512.Floor(x * Vector512.Create(_reciprocal));
        var r = Vector512.FusedMultiplyAdd(-q, e, x);
        var high = Vector512.GreaterThanOrEqual(r, e);
        if (!_remainder)
        {
            return q + (high & Vector512<double>.One);
        }

        r -= high & e;
        return _negative ? -r : r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Apply(Vector256<double> x)
    {
        var e = Vector256.Create(_magnitude);
        if (_negative)
        {
            x = -x;
        }

        var q = Vector256.Floor(x * Vector256.Create(_reciprocal));
        var r = Vector256.FusedMultiplyAdd(-q, e, x);
        var high = Vector256.GreaterThanOrEqual(r, e);
        if (!_remainder)
        {
            return q + (high & Vector256<double>.One);
        }

        r -= high & e;
        return _negative ? -r : r;
    }

    public double Apply(double x)
    {
        if (_negative)
        {
            x = -x;
        }

        double q = Math.Floor(x * _reciprocal);
        double r = Math.FusedMultiplyAdd(-q, _magnitude, x);
        if (r >= _magnitude)
        {
            q += 1;
            r -= _magnitude;
        }

        return !_remainder ? q : _negative ? -r : r;
    }

    /// <summary>Applies the division to every value of <paramref name="values"/> in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(Span<double> values)
    {
        ref double v = ref MemoryMarshal.GetReference(values);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= values.Length - Vector512<double>.Count; j += Vector512<double>.Count)
            {
                Apply(Vector512.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref v, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= values.Length - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                Apply(Vector256.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref v, (nuint)j);
            }
        }

        for (; j < values.Length; j++)
        {
            Unsafe.Add(ref v, j) = Apply(Unsafe.Add(ref v, j));
        }
    }
}

/// <summary>
/// The floor quotient or floor remainder of int32 dividends by one divisor <c>d ≥ 2</c> in 32-bit integer lanes, a
/// multiply-high and a shift per value (Granlund and Montgomery's division by invariant integers; libdivide, which
/// NumPy uses, works the same way), about twice as fast as <see cref="ReciprocalDivisor"/>'s float64 lanes on
/// cache-resident data.
/// <para>
/// Exact. For <c>0 ≤ n &lt; 2^31</c> take <c>l = ⌈log2 d⌉</c> (1..31) and <c>m = ⌈2^(31+l) / d⌉</c>. Then
/// <c>2^(31+l) ≤ m d &lt; 2^(31+l) + d ≤ 2^(31+l) + 2^l</c>, so <c>n m / 2^(31+l) = (n / d)(1 + ε)</c> with
/// <c>0 ≤ ε &lt; 2^-31</c>. Writing <c>n = q d + r</c> (<c>0 ≤ r &lt; d</c>), that lies in
/// <c>[q, q + (d - 1)/d + n 2^-31 / d)</c>, inside <c>[q, q + 1)</c> because <c>n &lt; 2^31</c>: its floor is
/// <c>q</c>. <c>m</c> fits 32 bits (it is <c>2^31</c> for a power of two, and below <c>2^32</c> otherwise since
/// <c>d ≥ 2^(l-1) + 1</c>), so <c>n m &lt; 2^63</c> is one unsigned 32×32→64 product (<c>vpmuludq</c>, even and odd
/// lanes apart). Negative dividends use <c>n = ~x = -x - 1</c>: <c>floor(x / d) = -⌈(n + 1) / d⌉ = ~floor(n / d)</c>,
/// so with <c>s = x &gt;&gt; 31</c> (0 or all ones) the quotient is <c>s ^ floor((x ^ s) / d)</c> for every int32,
/// <c>MinValue</c> included. The remainder <c>x - q d</c> is in <c>[0, d)</c>, so 32-bit wrapping arithmetic gives it
/// exactly. Negative divisors keep <see cref="ReciprocalDivisor"/> (their sign flip overflows at <c>MinValue</c>).
/// </para>
/// </summary>
internal readonly struct MagicInt32Divisor
{
    private readonly int _divisor;
    private readonly uint _magic;
    private readonly int _shift; // l - 1: the odd lanes' product is shifted so that its quotient lands in the high half
    private readonly bool _remainder;

    public MagicInt32Divisor(int divisor, bool remainder)
    {
        if (divisor < 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(divisor), divisor, "the divisor must be at least 2");
        }

        int l = 32 - BitOperations.LeadingZeroCount((uint)(divisor - 1));
        _divisor = divisor;
        _magic = (uint)((((UInt128)1 << (31 + l)) + (uint)divisor - 1) / (uint)divisor);
        _shift = l - 1;
        _remainder = remainder;
    }

    /// <summary>Whether the machine has the integer vectors this needs (AVX-512F or AVX2).</summary>
    public static bool IsSupported => Avx512F.IsSupported || Avx2.IsSupported;

    /// <summary>Writes the quotients (or remainders) of the whole vectors of <paramref name="x"/>; returns how many were written (the caller does the rest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Apply(ReadOnlySpan<int> x, Span<int> destination)
    {
        ref int xr = ref MemoryMarshal.GetReference(x);
        ref int dr = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i <= destination.Length - Vector512<int>.Count; i += Vector512<int>.Count)
            {
                Apply(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Avx2.IsSupported)
        {
            for (; i <= destination.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                Apply(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<int> Apply(Vector512<int> x)
    {
        var s = Vector512.ShiftRightArithmetic(x, 31);
        var n = (x ^ s).AsUInt32();
        var m = Vector512.Create(_magic);
        var even = Vector512.ShiftRightLogical(Avx512F.Multiply(n, m), _shift + 32).AsInt32();
        var odd = Vector512.ShiftRightLogical(Avx512F.Multiply(Vector512.ShiftRightLogical(n.AsUInt64(), 32).AsUInt32(), m), _shift).AsInt32();
        var q = Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF_00000000UL).AsInt32(), odd, even) ^ s;
        return _remainder ? x - (q * Vector512.Create(_divisor)) : q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Apply(Vector256<int> x)
    {
        var s = Vector256.ShiftRightArithmetic(x, 31);
        var n = (x ^ s).AsUInt32();
        var m = Vector256.Create(_magic);
        var even = Vector256.ShiftRightLogical(Avx2.Multiply(n, m), _shift + 32).AsInt32();
        var odd = Vector256.ShiftRightLogical(Avx2.Multiply(Vector256.ShiftRightLogical(n.AsUInt64(), 32).AsUInt32(), m), _shift).AsInt32();
        var q = Vector256.ConditionalSelect(Vector256.Create(0xFFFFFFFF_00000000UL).AsInt32(), odd, even) ^ s;
        return _remainder ? x - (q * Vector256.Create(_divisor)) : q;
    }
}
