using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// <c>pow(x, y)</c> on float lanes, computed in double lanes as <c>2^(y log2 x)</c> with two 16-entry tables and
/// short polynomials (the layout of ARM's optimized-routines <c>powf</c>), rounded once to float.
/// </summary>
/// <remarks>
/// <para><b>Why our own.</b> <c>TensorPrimitives.Pow</c> on float makes one <c>powf</c> call per element: 5.7 ms for
/// 1M values on the reference machine, against NumPy's 0.76 ms (SVML). Full-precision double <c>log</c> and
/// <c>exp</c> (this operator's first form) took 1.7 ms: float needs far less than double's precision.</para>
/// <para><b>log2 x.</b> With <c>u = bits(x) - bits(0.671875)</c>, <c>k = u &gt;&gt; 52</c> and
/// <c>z = x 2^-k</c> in <c>[0.671875, 1.34375)</c>, the top four mantissa bits of <c>u</c> pick one of 16 pieces;
/// <c>r = z c_i - 1</c> (one FMA; <c>c_i</c> ≈ 1 / the piece's centre, but exactly 1 for piece 10,
/// <c>[0.984375, 1.03125)</c>, the one holding 1, where <c>r = z - 1</c> is exact and lies in <c>[-1/64, 1/32)</c>) has
/// <c>|r| ≤ 1/32</c>, and <c>log2 x = k + L_i + log2(1 + r)</c> with <c>L_i = -log2 c_i</c> (correctly rounded,
/// from mpmath) and log2(1 + r)'s Taylor series to degree 8 (truncation below 2^-43 relative).</para>
/// <para><b>2^t.</b> <c>t = y log2 x</c> clamped to ±200 (beyond float's range either way); <c>n</c> = the integer
/// nearest <c>16 t</c> (the 1.5·2^52 shifter), <c>f = t - n/16</c> exactly, <c>|f| ≤ 1/32</c>;
/// <c>2^t = 2^(n &gt;&gt; 4) · T[n &amp; 15] · (1 + Σ (f ln 2)^k / k!)</c> to degree 5 (truncation below 2^-42),
/// <c>T[j] = 2^(j/16)</c> correctly rounded.</para>
/// <para><b>Accuracy.</b> <c>t</c>'s absolute error is below about <c>|t| 2^-41</c>, and a result inside float's range
/// (with its subnormals) has <c>|t| &lt; 150</c>, so the double result is within about 2^-33 relative of
/// <c>pow</c>: after the one rounding to float the error is at most 0.5 + 2^-9 ULP, and the result is the correctly
/// rounded one unless <c>pow</c> lies that close to a rounding boundary. (A review measured at most 0.5 + 2^-12.7 ULP
/// over 90 million pairs, the worst at the top of piece 10 with a large exponent.) Results beyond float's range overflow to
/// +Inf or underflow through subnormals to +0 in the final rounding. Exact cases stay exact: <c>x = 1</c> gives
/// <c>r = 0</c> and 1; a power of two gives <c>log2 x = k</c> exactly.</para>
/// <para><b>Same bits everywhere.</b> The 512-, 256- and 128-bit bodies (and the scalar form, which runs the 128-bit
/// one) do the same operations in the same order; only the table lookup differs (<c>vpermt2pd</c>, AVX2 gathers,
/// element loads), so an element's result does not depend on its position or on the instruction set. Integer steps
/// use logical shifts with biases (no 64-bit arithmetic shift or int64↔double conversion, which AVX2 lacks).</para>
/// <para><b>Integral exponents</b> up to 24 in magnitude (with any base) are computed by binary powering in double
/// instead (<c>IntegerPowers</c>): exact wherever the result can be a float rounding midpoint, so such ties round
/// as the exact value does (<c>15.5 ** 5 = 894660.96875</c>, halfway between two floats, gives 894661; the
/// log/exp form is only within its 0.5 + ε bound there), and <c>(-x) ** n = ±(x ** n)</c> holds. glibc's
/// <c>powf</c>, which NumPy calls, rounds some such ties the other way (<c>261 ** 3</c>: 17779582, where the tie
/// rounds to even, 17779580). A vector of such exponents only skips the log and exp altogether.</para>
/// <para><b>Other lanes.</b> A vector with any <c>x &lt;= 0</c>, non-finite <c>x</c> or non-finite <c>y</c> (or NaN)
/// takes <see cref="MathF.Pow(float, float)"/> for those lanes: negative bases with integral exponents, zeros,
/// infinities and NaN follow C99's <c>powf</c>. Last, lanes with exponent 2, 1, ±0, -1 or 0.5 get the uniform
/// shortcuts' results (<see cref="PowShortcutLanes"/>), so a pair's bits do not depend on its neighbours'
/// exponents.</para>
/// </remarks>
internal readonly struct PowSingleOperator : IBinaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => Invoke(Vector128.Create(x), Vector128.Create(y)).ToScalar(); // broadcast: no zero lanes to send to Edges

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
    {
        var integral = IntegralExponents(y);
        Vector128<float> result;
        if (Vector128.EqualsAll(integral, Vector128<int>.AllBitsSet))
        {
            result = IntegerPowers(x, y); // x ** 3 and the like: no log or exp at all
        }
        else
        {
            result = General(x, y);
            if (!Vector128.EqualsAll(integral, Vector128<int>.Zero))
            {
                result = Vector128.ConditionalSelect(integral.AsSingle(), IntegerPowers(x, y), result);
            }
        }

        return PowShortcutLanes.Apply(x, y, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        var integral = IntegralExponents(y);
        Vector256<float> result;
        if (Vector256.EqualsAll(integral, Vector256<int>.AllBitsSet))
        {
            result = IntegerPowers(x, y); // x ** 3 and the like: no log or exp at all
        }
        else
        {
            result = General(x, y);
            if (!Vector256.EqualsAll(integral, Vector256<int>.Zero))
            {
                result = Vector256.ConditionalSelect(integral.AsSingle(), IntegerPowers(x, y), result);
            }
        }

        return PowShortcutLanes.Apply(x, y, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        var integral = IntegralExponents(y);
        Vector512<float> result;
        if (Vector512.EqualsAll(integral, Vector512<int>.AllBitsSet))
        {
            result = IntegerPowers(x, y); // x ** 3 and the like: no log or exp at all
        }
        else
        {
            result = General(x, y);
            if (!Vector512.EqualsAll(integral, Vector512<int>.Zero))
            {
                result = Vector512.ConditionalSelect(integral.AsSingle(), IntegerPowers(x, y), result);
            }
        }

        return PowShortcutLanes.Apply(x, y, result);
    }

    /// <summary>The log/exp form with <see cref="MathF.Pow(float, float)"/> for irregular lanes, without the integral-exponent and shortcut lanes (<see cref="PowSingleUniformOperator"/> runs only this).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> General(Vector128<float> x, Vector128<float> y)
    {
        var (xl, xh) = Vector128.Widen(x);
        var (yl, yh) = Vector128.Widen(y);
        var result = Vector128.Narrow(Core(xl, yl), Core(xh, yh));
        return Vector128.EqualsAll(Regular(x, y), Vector128<int>.AllBitsSet) ? result : Edges(x, y, result);
    }

    /// <summary>The log/exp form with <see cref="MathF.Pow(float, float)"/> for irregular lanes, without the integral-exponent and shortcut lanes (<see cref="PowSingleUniformOperator"/> runs only this).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> General(Vector256<float> x, Vector256<float> y)
    {
        var (xl, xh) = Vector256.Widen(x);
        var (yl, yh) = Vector256.Widen(y);
        var result = Vector256.Narrow(Core(xl, yl), Core(xh, yh));
        return Vector256.EqualsAll(Regular(x, y), Vector256<int>.AllBitsSet) ? result : Edges(x, y, result);
    }

    /// <summary>The log/exp form with <see cref="MathF.Pow(float, float)"/> for irregular lanes, without the integral-exponent and shortcut lanes (<see cref="PowSingleUniformOperator"/> runs only this).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> General(Vector512<float> x, Vector512<float> y)
    {
        var (xl, xh) = Vector512.Widen(x);
        var (yl, yh) = Vector512.Widen(y);
        var result = Vector512.Narrow(Core(xl, yl), Core(xh, yh));
        return Vector512.EqualsAll(Regular(x, y), Vector512<int>.AllBitsSet) ? result : Edges(x, y, result);
    }

    /// <summary>bits(0.671875): <c>z = x 2^-k</c> lands in [0.671875, 1.34375), and 1 sits mid-way through piece 10's bit range.</summary>
    private const long Offset = 0x3FE5800000000000;

    /// <summary>1.5 · 2^52: adding it rounds to an integer (to nearest, ties to even), kept in the low bits.</summary>
    private const double Shifter = 6755399441055744.0;

    private const long ShifterBits = 0x4338000000000000;

    /// <summary>2^52 + 1024: <c>bits(2^52) | (k + 1024)</c> as a double, minus this, is <c>k</c>.</summary>
    private const double KBias = 4503599627371520.0;

    private const long TwoTo52Bits = 0x4330000000000000;

    private const double TwoTo52 = 4503599627370496.0; // 2^52

    /// <summary>Integral exponents up to this magnitude are computed by binary powering (see <c>IntegerPowers</c>).</summary>
    private const float MaxIntegerExponent = 24f;

    // log2(1 + r) = r (L1 + r (L2 + ... + r L8)), Lk = (-1)^(k+1) / (k ln 2), each correctly rounded.
    private const double L1 = 1.4426950408889634;
    private const double L2 = -0.7213475204444817;
    private const double L3 = 0.4808983469629878;
    private const double L4 = -0.36067376022224085;
    private const double L5 = 0.28853900817779266;
    private const double L6 = -0.2404491734814939;
    private const double L7 = 0.2060992915555662;
    private const double L8 = -0.18033688011112042;

    // 2^f = 1 + f (E1 + f (E2 + ... + f E5)), Ek = (ln 2)^k / k!, each correctly rounded.
    private const double E1 = 0.6931471805599453;
    private const double E2 = 0.24022650695910072;
    private const double E3 = 0.05550410866482158;
    private const double E4 = 0.009618129107628477;
    private const double E5 = 0.0013333558146428443;

    /// <summary>
    /// The three tables, 16 doubles each, in one pinned array (the AVX2 path gathers from it): <c>c_i</c>, then
    /// <c>L_i = -log2 c_i</c>, then <c>2^(j/16)</c>; all correctly rounded (mpmath, 200 bits).
    /// </summary>
    private static readonly double[] Tables = MakeTables();

    private static double[] MakeTables()
    {
        ReadOnlySpan<long> bits =
        [
            // c_i
            0x3FF745D1745D1746, 0x3FF642C8590B2164, 0x3FF5555555555555, 0x3FF47AE147AE147B, 0x3FF3B13B13B13B14, 0x3FF2F684BDA12F68, 0x3FF2492492492492, 0x3FF1A7B9611A7B96,
            0x3FF1111111111111, 0x3FF0842108421084, 0x3FF0000000000000, 0x3FEE1E1E1E1E1E1E, 0x3FEC71C71C71C71C, 0x3FEAF286BCA1AF28, 0x3FE999999999999A, 0x3FE8618618618618,

            // L_i = -log2 c_i
            unchecked((long)0xBFE14C560FE68AF9), unchecked((long)0xBFDE7DF5FE538AB3), unchecked((long)0xBFDA8FF971810A5D), unchecked((long)0xBFD6CB0F6865C8EB),
            unchecked((long)0xBFD32BFEE370EE6A), unchecked((long)0xBFCF5FD8A9063E32), unchecked((long)0xBFC8A8980ABFBD30), unchecked((long)0xBFC22DADC2AB3496),
            unchecked((long)0xBFB7D60496CFBB4B), unchecked((long)0xBFA77394C9D958D0), 0x0000000000000000, 0x3FB663F6FAC91318, 0x3FC5C01A39FBD68B, 0x3FCFBC16B902680D, 0x3FD49A784BCD1B8A, 0x3FD91BBA891F170A,

            // 2^(j/16)
            0x3FF0000000000000, 0x3FF0B5586CF9890F, 0x3FF172B83C7D517B, 0x3FF2387A6E756238, 0x3FF306FE0A31B715, 0x3FF3DEA64C123422, 0x3FF4BFDAD5362A27, 0x3FF5AB07DD485429,
            0x3FF6A09E667F3BCD, 0x3FF7A11473EB0187, 0x3FF8ACE5422AA0DB, 0x3FF9C49182A3F090, 0x3FFAE89F995AD3AD, 0x3FFC199BDD85529C, 0x3FFD5818DCFBA487, 0x3FFEA4AFA2A490DA,
        ];
        var t = GC.AllocateArray<double>(bits.Length, pinned: true);
        for (int i = 0; i < bits.Length; i++)
        {
            t[i] = BitConverter.Int64BitsToDouble(bits[i]);
        }

        return t;
    }

    private const int InvC = 0;
    private const int Log2C = 16;
    private const int Exp2T = 32;

    /// <summary><c>2^(y log2 x)</c> for lanes with <c>0 &lt; x &lt; ∞</c> and finite <c>y</c> (other lanes: garbage, replaced by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Core(Vector512<double> x, Vector512<double> y)
    {
        var u = x.AsInt64() - Vector512.Create(Offset);
        var kb = Vector512.ShiftRightLogical(u + Vector512.Create(1L << 62), 52); // k + 1024
        var z = (x.AsInt64() - Vector512.ShiftLeft(kb, 52) + Vector512.Create(1024L << 52)).AsDouble();
        var k = (kb | Vector512.Create(TwoTo52Bits)).AsDouble() - Vector512.Create(KBias);
        var i = Vector512.ShiftRightLogical(u, 48) & Vector512.Create(15L);
        var r = Vector512.FusedMultiplyAdd(z, Lookup(InvC, i), Vector512.Create(-1.0));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(L8), r, Vector512.Create(L7));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(L1));
        var log2x = Vector512.FusedMultiplyAdd(p, r, Lookup(Log2C, i) + k);
        return Exp2(Vector512.Min(Vector512.Max(y * log2x, Vector512.Create(-200.0)), Vector512.Create(200.0)));
    }

    /// <summary>
    /// <c>2^t</c> for <c>|t| ≤ 200</c> to about 2^-42 relative (float accuracy, not double's): the exp half of
    /// <see cref="Core(Vector512{double}, Vector512{double})"/>, also <see cref="TanhSingleOperator"/>'s <c>e^(2|x|)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Exp2(Vector512<double> t)
    {
        var v = Vector512.FusedMultiplyAdd(t, Vector512.Create(16.0), Vector512.Create(Shifter));
        var f = Vector512.FusedMultiplyAdd(v - Vector512.Create(Shifter), Vector512.Create(-1.0 / 16), t);
        var n = v.AsInt64() - Vector512.Create(ShifterBits);
        var q = Vector512.FusedMultiplyAdd(Vector512.Create(E5), f, Vector512.Create(E4));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(E3));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(E2));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(E1));
        var tj = Lookup(Exp2T, n & Vector512.Create(15L));
        var m = Vector512.FusedMultiplyAdd(q * f, tj, tj);
        var scale = Vector512.ShiftLeft(Vector512.ShiftRightLogical(n + Vector512.Create(32768L), 4) - Vector512.Create(2048L), 52);
        return (m.AsInt64() + scale).AsDouble();
    }

    /// <summary><see cref="Core(Vector512{double}, Vector512{double})"/> in 256-bit lanes: the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Core(Vector256<double> x, Vector256<double> y)
    {
        var u = x.AsInt64() - Vector256.Create(Offset);
        var kb = Vector256.ShiftRightLogical(u + Vector256.Create(1L << 62), 52);
        var z = (x.AsInt64() - Vector256.ShiftLeft(kb, 52) + Vector256.Create(1024L << 52)).AsDouble();
        var k = (kb | Vector256.Create(TwoTo52Bits)).AsDouble() - Vector256.Create(KBias);
        var i = Vector256.ShiftRightLogical(u, 48) & Vector256.Create(15L);
        var r = Vector256.FusedMultiplyAdd(z, Lookup(InvC, i), Vector256.Create(-1.0));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(L8), r, Vector256.Create(L7));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(L1));
        var log2x = Vector256.FusedMultiplyAdd(p, r, Lookup(Log2C, i) + k);
        return Exp2(Vector256.Min(Vector256.Max(y * log2x, Vector256.Create(-200.0)), Vector256.Create(200.0)));
    }

    /// <summary>
    /// <c>2^t</c> for <c>|t| ≤ 200</c> to about 2^-42 relative (float accuracy, not double's): the exp half of
    /// <see cref="Core(Vector256{double}, Vector256{double})"/>, also <see cref="TanhSingleOperator"/>'s <c>e^(2|x|)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Exp2(Vector256<double> t)
    {
        var v = Vector256.FusedMultiplyAdd(t, Vector256.Create(16.0), Vector256.Create(Shifter));
        var f = Vector256.FusedMultiplyAdd(v - Vector256.Create(Shifter), Vector256.Create(-1.0 / 16), t);
        var n = v.AsInt64() - Vector256.Create(ShifterBits);
        var q = Vector256.FusedMultiplyAdd(Vector256.Create(E5), f, Vector256.Create(E4));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(E3));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(E2));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(E1));
        var tj = Lookup(Exp2T, n & Vector256.Create(15L));
        var m = Vector256.FusedMultiplyAdd(q * f, tj, tj);
        var scale = Vector256.ShiftLeft(Vector256.ShiftRightLogical(n + Vector256.Create(32768L), 4) - Vector256.Create(2048L), 52);
        return (m.AsInt64() + scale).AsDouble();
    }

    /// <summary><see cref="Core(Vector512{double}, Vector512{double})"/> in 128-bit lanes: the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Core(Vector128<double> x, Vector128<double> y)
    {
        var u = x.AsInt64() - Vector128.Create(Offset);
        var kb = Vector128.ShiftRightLogical(u + Vector128.Create(1L << 62), 52);
        var z = (x.AsInt64() - Vector128.ShiftLeft(kb, 52) + Vector128.Create(1024L << 52)).AsDouble();
        var k = (kb | Vector128.Create(TwoTo52Bits)).AsDouble() - Vector128.Create(KBias);
        var i = Vector128.ShiftRightLogical(u, 48) & Vector128.Create(15L);
        var r = Vector128.FusedMultiplyAdd(z, Lookup(InvC, i), Vector128.Create(-1.0));
        var p = Vector128.FusedMultiplyAdd(Vector128.Create(L8), r, Vector128.Create(L7));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L6));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L5));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(L1));
        var log2x = Vector128.FusedMultiplyAdd(p, r, Lookup(Log2C, i) + k);
        return Exp2(Vector128.Min(Vector128.Max(y * log2x, Vector128.Create(-200.0)), Vector128.Create(200.0)));
    }

    /// <summary>
    /// <c>2^t</c> for <c>|t| ≤ 200</c> to about 2^-42 relative (float accuracy, not double's): the exp half of
    /// <see cref="Core(Vector128{double}, Vector128{double})"/>, also <see cref="TanhSingleOperator"/>'s <c>e^(2|x|)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<double> Exp2(Vector128<double> t)
    {
        var v = Vector128.FusedMultiplyAdd(t, Vector128.Create(16.0), Vector128.Create(Shifter));
        var f = Vector128.FusedMultiplyAdd(v - Vector128.Create(Shifter), Vector128.Create(-1.0 / 16), t);
        var n = v.AsInt64() - Vector128.Create(ShifterBits);
        var q = Vector128.FusedMultiplyAdd(Vector128.Create(E5), f, Vector128.Create(E4));
        q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(E3));
        q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(E2));
        q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(E1));
        var tj = Lookup(Exp2T, n & Vector128.Create(15L));
        var m = Vector128.FusedMultiplyAdd(q * f, tj, tj);
        var scale = Vector128.ShiftLeft(Vector128.ShiftRightLogical(n + Vector128.Create(32768L), 4) - Vector128.Create(2048L), 52);
        return (m.AsInt64() + scale).AsDouble();
    }

    /// <summary>Table <paramref name="table"/> (an offset into <see cref="Tables"/>) at indices 0..15: two-register <c>vpermt2pd</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lookup(int table, Vector512<long> index)
    {
        ref double t = ref MemoryMarshal.GetArrayDataReference(Tables);
        return Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref t, (nuint)table), index, Vector512.LoadUnsafe(ref t, (nuint)(table + 8)));
    }

    /// <summary>Table lookup at indices 0..15: an AVX2 gather from the pinned table, else element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<double> Lookup(int table, Vector256<long> index)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.GatherVector256((double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Tables)) + table, index, 8);
        }

        var t = Tables.AsSpan(table, 16);
        return Vector256.Create(t[(int)index.GetElement(0)], t[(int)index.GetElement(1)], t[(int)index.GetElement(2)], t[(int)index.GetElement(3)]);
    }

    /// <summary>Table lookup at indices 0..15: an AVX2 gather from the pinned table, else element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<double> Lookup(int table, Vector128<long> index)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.GatherVector128((double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Tables)) + table, index, 8);
        }

        var t = Tables.AsSpan(table, 16);
        return Vector128.Create(t[(int)index.GetElement(0)], t[(int)index.GetElement(1)]);
    }

    /// <summary>All bits set in lanes whose exponent is an integer of magnitude at most <see cref="MaxIntegerExponent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> IntegralExponents(Vector512<float> y) =>
        (Vector512.Equals(Vector512.Round(y), y) & Vector512.LessThanOrEqual(Vector512.Abs(y), Vector512.Create(MaxIntegerExponent))).AsInt32();

    /// <summary>
    /// <c>x ** n</c> for integral <c>|n| ≤ 24</c> and any <c>x</c>: binary powering of <c>|x|</c> in double lanes
    /// (squaring doubles the relative error of earlier roundings, so within about 24u ≈ 2^-48 relative), then
    /// <c>1 / p</c> for a negative exponent and <c>x</c>'s sign for an odd one, rounded once to float. Exact whenever
    /// <c>x ** n</c> fits a double's 53 bits, which every result on a float rounding midpoint does (it has 25
    /// significant bits, so every partial power has fewer): such ties round as the exact value does. Zeros,
    /// infinities and NaN give <c>pow</c>'s values (<c>(-0) ** -3 = -inf</c>, <c>(-inf) ** -3 = -0</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> IntegerPowers(Vector512<float> x, Vector512<float> y)
    {
        var (xl, xh) = Vector512.Widen(x);
        var (yl, yh) = Vector512.Widen(y);
        return Vector512.Narrow(IntegerPower(xl, yl), IntegerPower(xh, yh));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> IntegerPower(Vector512<double> x, Vector512<double> y)
    {
        var bits = (Vector512.Abs(y) + Vector512.Create(TwoTo52)).AsInt64(); // |y| in the low bits
        var p = Vector512<double>.One;
        var b = Vector512.Abs(x);
        for (long bit = 1; bit <= 16; bit <<= 1)
        {
            var take = Vector512.Equals(bits & Vector512.Create(bit), Vector512.Create(bit)).AsDouble();
            p = Vector512.ConditionalSelect(take, p * b, p);
            b *= b;
        }

        p = Vector512.ConditionalSelect(Vector512.LessThan(y, Vector512<double>.Zero), Vector512<double>.One / p, p);
        var odd = Vector512.ShiftLeft(bits, 63).AsDouble(); // the sign bit where |y| is odd
        return p | (x & odd & Vector512.Create(-0.0)); // (-x) ** n = ±(x ** n), as pow defines it
    }

    /// <summary>All bits set in lanes whose exponent is an integer of magnitude at most <see cref="MaxIntegerExponent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> IntegralExponents(Vector256<float> y) =>
        (Vector256.Equals(Vector256.Round(y), y) & Vector256.LessThanOrEqual(Vector256.Abs(y), Vector256.Create(MaxIntegerExponent))).AsInt32();

    /// <summary><see cref="IntegerPowers(Vector512{float}, Vector512{float})"/> in 256-bit lanes: the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> IntegerPowers(Vector256<float> x, Vector256<float> y)
    {
        var (xl, xh) = Vector256.Widen(x);
        var (yl, yh) = Vector256.Widen(y);
        return Vector256.Narrow(IntegerPower(xl, yl), IntegerPower(xh, yh));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> IntegerPower(Vector256<double> x, Vector256<double> y)
    {
        var bits = (Vector256.Abs(y) + Vector256.Create(TwoTo52)).AsInt64(); // |y| in the low bits
        var p = Vector256<double>.One;
        var b = Vector256.Abs(x);
        for (long bit = 1; bit <= 16; bit <<= 1)
        {
            var take = Vector256.Equals(bits & Vector256.Create(bit), Vector256.Create(bit)).AsDouble();
            p = Vector256.ConditionalSelect(take, p * b, p);
            b *= b;
        }

        p = Vector256.ConditionalSelect(Vector256.LessThan(y, Vector256<double>.Zero), Vector256<double>.One / p, p);
        var odd = Vector256.ShiftLeft(bits, 63).AsDouble(); // the sign bit where |y| is odd
        return p | (x & odd & Vector256.Create(-0.0)); // (-x) ** n = ±(x ** n), as pow defines it
    }

    /// <summary>All bits set in lanes whose exponent is an integer of magnitude at most <see cref="MaxIntegerExponent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> IntegralExponents(Vector128<float> y) =>
        (Vector128.Equals(Vector128.Round(y), y) & Vector128.LessThanOrEqual(Vector128.Abs(y), Vector128.Create(MaxIntegerExponent))).AsInt32();

    /// <summary><see cref="IntegerPowers(Vector512{float}, Vector512{float})"/> in 128-bit lanes: the same operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> IntegerPowers(Vector128<float> x, Vector128<float> y)
    {
        var (xl, xh) = Vector128.Widen(x);
        var (yl, yh) = Vector128.Widen(y);
        return Vector128.Narrow(IntegerPower(xl, yl), IntegerPower(xh, yh));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> IntegerPower(Vector128<double> x, Vector128<double> y)
    {
        var bits = (Vector128.Abs(y) + Vector128.Create(TwoTo52)).AsInt64(); // |y| in the low bits
        var p = Vector128<double>.One;
        var b = Vector128.Abs(x);
        for (long bit = 1; bit <= 16; bit <<= 1)
        {
            var take = Vector128.Equals(bits & Vector128.Create(bit), Vector128.Create(bit)).AsDouble();
            p = Vector128.ConditionalSelect(take, p * b, p);
            b *= b;
        }

        p = Vector128.ConditionalSelect(Vector128.LessThan(y, Vector128<double>.Zero), Vector128<double>.One / p, p);
        var odd = Vector128.ShiftLeft(bits, 63).AsDouble(); // the sign bit where |y| is odd
        return p | (x & odd & Vector128.Create(-0.0)); // (-x) ** n = ±(x ** n), as pow defines it
    }

    /// <summary>All bits set in lanes with <c>0 &lt; x &lt; +Inf</c> and finite <c>y</c> (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Regular(Vector128<float> x, Vector128<float> y) =>
        (Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128.LessThan(x, Vector128.Create(float.PositiveInfinity))
            & Vector128.LessThan(Vector128.Abs(y), Vector128.Create(float.PositiveInfinity))).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Regular(Vector256<float> x, Vector256<float> y) =>
        (Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(float.PositiveInfinity))
            & Vector256.LessThan(Vector256.Abs(y), Vector256.Create(float.PositiveInfinity))).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Regular(Vector512<float> x, Vector512<float> y) =>
        (Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(float.PositiveInfinity))
            & Vector512.LessThan(Vector512.Abs(y), Vector512.Create(float.PositiveInfinity))).AsInt32();

    /// <summary>The irregular lanes through <see cref="MathF.Pow(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector128<float> Edges(Vector128<float> x, Vector128<float> y, Vector128<float> result)
    {
        for (int i = 0; i < Vector128<float>.Count; i++)
        {
            float a = x.GetElement(i), b = y.GetElement(i);
            if (!(a > 0 && a < float.PositiveInfinity && MathF.Abs(b) < float.PositiveInfinity))
            {
                result = result.WithElement(i, MathF.Pow(a, b));
            }
        }

        return result;
    }

    /// <summary>The irregular lanes through <see cref="MathF.Pow(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> Edges(Vector256<float> x, Vector256<float> y, Vector256<float> result)
    {
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            float a = x.GetElement(i), b = y.GetElement(i);
            if (!(a > 0 && a < float.PositiveInfinity && MathF.Abs(b) < float.PositiveInfinity))
            {
                result = result.WithElement(i, MathF.Pow(a, b));
            }
        }

        return result;
    }

    /// <summary>The irregular lanes through <see cref="MathF.Pow(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> Edges(Vector512<float> x, Vector512<float> y, Vector512<float> result)
    {
        for (int i = 0; i < Vector512<float>.Count; i++)
        {
            float a = x.GetElement(i), b = y.GetElement(i);
            if (!(a > 0 && a < float.PositiveInfinity && MathF.Abs(b) < float.PositiveInfinity))
            {
                result = result.WithElement(i, MathF.Pow(a, b));
            }
        }

        return result;
    }
}

/// <summary>
/// <see cref="PowSingleOperator"/> for one broadcast exponent that is neither integral (up to 24) nor a shortcut value
/// (<see cref="PowerKernel{T}"/> checks): the same bits without the per-vector lane checks, which cost about 60% at
/// 50M values (<c>Power(a32, 1.5f)</c>: 55 against 35 ms, Stopwatch medians in one process).
/// </summary>
internal readonly struct PowSingleUniformOperator : IBinaryOperator<float>
{
    public static bool Vectorizable => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x, float y) => PowSingleOperator.Invoke(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => PowSingleOperator.General(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => PowSingleOperator.General(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => PowSingleOperator.General(x, y);
}
