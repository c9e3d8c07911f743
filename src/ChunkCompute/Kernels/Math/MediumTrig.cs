using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// sin, cos and tan of float64 arguments with |x| in (π/4, 2^30) in vector lanes: the range between the vector
/// kernels' own reductions (|x| ≤ 1e5, tan 1e6) and <see cref="LargeArgumentTrig"/>'s Payne-Hanek reduction.
/// </summary>
/// <remarks>
/// <para><b>Reduction.</b> k = round(|x|·2/π) &lt; 2^30, π/2 as three doubles (159 bits). k·π/2's first two parts
/// are exact products (FMA residuals), |x| - k·hi is exact (Sterbenz: the two are within a factor of 2), the rest
/// is summed by TwoSums, and k·lo2 (below 2^-79) is rounded once. What is rounded is the tail: the TwoSum errors
/// (at most half an ULP of |r| + 2^-24), the residual of k·lo and k·lo2, so the reduced r = hi + lo is off by less
/// than about 2^-105·|r| + 2^-128, against |r| ≥ 2^-61 for every double (the closest any double comes to a
/// multiple of π/2): a relative error below 2^-66.</para>
/// <para><b>Evaluation</b> (also of <see cref="LargeArgumentTrig"/>'s reductions). Taylor kernels on r = hi + lo,
/// |hi| ≤ π/4: sin to x^17 and cos to x^18 (the first omitted terms below 2^-62 relative), the low part through the
/// first derivative, 1 - x²/2 carried exactly (x² as z + zl by an FMA, its rounding error by Sterbenz); each
/// returns a double-double. sin and cos round the high part; tan divides them (<c>sin/cos</c> at even n, <c>-cos/sin</c>
/// at odd n) with one remainder correction. A review measured at most 0.75 ULP for sin and cos and 0.92 for tan (where
/// tan is just below 1) against mpmath over about 1.9M chosen and random inputs; tests hold every result to 1 ULP
/// (<c>TranscendentalReferenceTests.LargeArgumentsStayWithinOneUlpOfTheCorrectlyRoundedValue</c>: every exponent
/// below 2^31 among its hard inputs). The scalar form runs the 128-bit code, and every width does the same
/// operations, so a lane's bits depend on neither its position nor the instruction set.</para>
/// </remarks>
internal static class MediumTrig
{
    /// <summary>Upper end (2^30, exclusive) of the range reduced here.</summary>
    public const double Limit = 1073741824.0;

    // π/2 in three parts, the split the tan kernels already use (VectorMath's π halved, exactly).
    private const double TwoOverPi = TanSingleOperator.TwoOverPi;
    internal const double HalfPiHi = TanSingleOperator.HalfPiHi;     // 0x1.921fb54442d18p+0
    internal const double HalfPiLo = TanSingleOperator.HalfPiMid;    // 0x1.1a62633145c07p-54: π/2 - HalfPiHi, rounded
    private const double HalfPiLo2 = VectorMath.PiLo / 2;            // -0x1.f1976b7ed8fbcp-110: π/2 - the two above

    // Taylor coefficients (-1)^k / (2k+1)! and (-1)^k / (2k)!, each rounded once from the exact fraction.
    private const double S3 = -1.0 / 6, S5 = 1.0 / 120, S7 = -1.0 / 5040, S9 = 1.0 / 362880, S11 = -1.0 / 39916800;
    private const double S13 = 1.0 / 6227020800, S15 = -1.0 / 1307674368000, S17 = 1.0 / 355687428096000;
    private const double C4 = 1.0 / 24, C6 = -1.0 / 720, C8 = 1.0 / 40320, C10 = -1.0 / 3628800, C12 = 1.0 / 479001600;
    private const double C14 = -1.0 / 87178291200, C16 = 1.0 / 20922789888000, C18 = -1.0 / 6402373705728000;

    /// <summary>sin (0), cos (1) or tan (2) of one x, through the 128-bit code (the same bits as any vector lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Evaluate(double x, int function) => W128.Evaluate(Vector128.CreateScalar(x), function).ToScalar();

    /// <summary>The 128-bit lanes.</summary>
    internal static class W128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<long> Reduce(Vector128<double> ax, out Vector128<double> hi, out Vector128<double> lo)
        {
            Vector128<double> k = Vector128.Round(ax * Vector128.Create(TwoOverPi));
            Vector128<double> a1 = k * Vector128.Create(HalfPiHi);
            Vector128<double> e1 = Vector128.FusedMultiplyAdd(k, Vector128.Create(HalfPiHi), -a1);
            Vector128<double> a2 = k * Vector128.Create(HalfPiLo);
            Vector128<double> e2 = Vector128.FusedMultiplyAdd(k, Vector128.Create(HalfPiLo), -a2);
            Vector128<double> t = ax - a1;
            Vector128<double> s = TwoSum(t, -e1, out Vector128<double> es);
            Vector128<double> u = TwoSum(s, -a2, out Vector128<double> eu);
            Vector128<double> tail = ((es + eu) - e2) - (k * Vector128.Create(HalfPiLo2));
            hi = TwoSum(u, tail, out lo);
            return Vector128.ConvertToInt64(k) & Vector128.Create(3L);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<double> TwoSum(Vector128<double> a, Vector128<double> b, out Vector128<double> error)
        {
            Vector128<double> sum = a + b;
            Vector128<double> bv = sum - a;
            error = (a - (sum - bv)) + (b - bv);
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<double> SinKernel(Vector128<double> x, Vector128<double> y, out Vector128<double> low)
        {
            Vector128<double> z = x * x;
            Vector128<double> p = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(
                Vector128.Create(S17), z, Vector128.Create(S15)), z, Vector128.Create(S13)), z, Vector128.Create(S11)), z, Vector128.Create(S9)), z, Vector128.Create(S7)), z, Vector128.Create(S5)), z, Vector128.Create(S3));
            Vector128<double> b = Vector128.FusedMultiplyAdd(x * z, p, y * Vector128.FusedMultiplyAdd(Vector128.Create(-0.5), z, Vector128<double>.One));
            Vector128<double> high = x + b;
            low = (x - high) + b;
            return high;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<double> CosKernel(Vector128<double> x, Vector128<double> y, out Vector128<double> low)
        {
            Vector128<double> z = x * x;
            Vector128<double> zl = Vector128.FusedMultiplyAdd(x, x, -z);
            Vector128<double> q = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(
                Vector128.Create(C18), z, Vector128.Create(C16)), z, Vector128.Create(C14)), z, Vector128.Create(C12)), z, Vector128.Create(C10)), z, Vector128.Create(C8)), z, Vector128.Create(C6)), z, Vector128.Create(C4));
            Vector128<double> hz = Vector128.Create(0.5) * z;
            Vector128<double> w = Vector128<double>.One - hz;
            Vector128<double> t = (((Vector128<double>.One - w) - hz) - (Vector128.Create(0.5) * zl)) + Vector128.FusedMultiplyAdd(z * z, q, -(x * y));
            Vector128<double> high = w + t;
            low = (w - high) + t;
            return high;
        }

        /// <summary>sin (<paramref name="function"/> 0), cos (1) or tan (2) of x, |x| in (π/4, 2^30), lane by lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<double> Evaluate(Vector128<double> x, int function)
        {
            Vector128<long> n = Reduce(Vector128.Abs(x), out Vector128<double> hi, out Vector128<double> lo);
            return Finish(x, n, hi, lo, function);
        }

        /// <summary>
        /// sin (<paramref name="function"/> 0), cos (1) or tan (2) of x from |x|·2/π = n + r·2/π, r = hi + lo,
        /// |hi| ≤ π/4 (here or from <see cref="LargeArgumentTrig.Reduce"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<double> Finish(Vector128<double> x, Vector128<long> n, Vector128<double> hi, Vector128<double> lo, int function)
        {
            Vector128<double> odd = Vector128.Equals(n & Vector128<long>.One, Vector128<long>.One).AsDouble();
            Vector128<double> sh = SinKernel(hi, lo, out Vector128<double> sl);
            Vector128<double> ch = CosKernel(hi, lo, out Vector128<double> cl);
            Vector128<double> negativeX = Vector128.LessThan(x, Vector128<double>.Zero);
            if (function == 2)
            {
                Vector128<double> nh = Vector128.ConditionalSelect(odd, -ch, sh), nl = Vector128.ConditionalSelect(odd, -cl, sl);
                Vector128<double> dh = Vector128.ConditionalSelect(odd, sh, ch), dl = Vector128.ConditionalSelect(odd, sl, cl);
                Vector128<double> q = nh / dh;
                Vector128<double> v = q + (((Vector128.FusedMultiplyAdd(-q, dh, nh) + nl) - (q * dl)) / dh);
                return Vector128.ConditionalSelect(negativeX, -v, v);
            }

            Vector128<double> value = function == 0 ? Vector128.ConditionalSelect(odd, ch, sh) : Vector128.ConditionalSelect(odd, sh, ch);
            Vector128<long> flip = function == 0 ? (n & Vector128.Create(2L)) : ((n + Vector128<long>.One) & Vector128.Create(2L));
            Vector128<double> negate = Vector128.Equals(flip, Vector128.Create(2L)).AsDouble();
            if (function == 0)
            {
                negate ^= negativeX;
            }

            return Vector128.ConditionalSelect(negate, -value, value);
        }
    }

    /// <summary>The 256-bit lanes.</summary>
    internal static class W256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<long> Reduce(Vector256<double> ax, out Vector256<double> hi, out Vector256<double> lo)
        {
            Vector256<double> k = Vector256.Round(ax * Vector256.Create(TwoOverPi));
            Vector256<double> a1 = k * Vector256.Create(HalfPiHi);
            Vector256<double> e1 = Vector256.FusedMultiplyAdd(k, Vector256.Create(HalfPiHi), -a1);
            Vector256<double> a2 = k * Vector256.Create(HalfPiLo);
            Vector256<double> e2 = Vector256.FusedMultiplyAdd(k, Vector256.Create(HalfPiLo), -a2);
            Vector256<double> t = ax - a1;
            Vector256<double> s = TwoSum(t, -e1, out Vector256<double> es);
            Vector256<double> u = TwoSum(s, -a2, out Vector256<double> eu);
            Vector256<double> tail = ((es + eu) - e2) - (k * Vector256.Create(HalfPiLo2));
            hi = TwoSum(u, tail, out lo);
            return Vector256.ConvertToInt64(k) & Vector256.Create(3L);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> TwoSum(Vector256<double> a, Vector256<double> b, out Vector256<double> error)
        {
            Vector256<double> sum = a + b;
            Vector256<double> bv = sum - a;
            error = (a - (sum - bv)) + (b - bv);
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> SinKernel(Vector256<double> x, Vector256<double> y, out Vector256<double> low)
        {
            Vector256<double> z = x * x;
            Vector256<double> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(
                Vector256.Create(S17), z, Vector256.Create(S15)), z, Vector256.Create(S13)), z, Vector256.Create(S11)), z, Vector256.Create(S9)), z, Vector256.Create(S7)), z, Vector256.Create(S5)), z, Vector256.Create(S3));
            Vector256<double> b = Vector256.FusedMultiplyAdd(x * z, p, y * Vector256.FusedMultiplyAdd(Vector256.Create(-0.5), z, Vector256<double>.One));
            Vector256<double> high = x + b;
            low = (x - high) + b;
            return high;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> CosKernel(Vector256<double> x, Vector256<double> y, out Vector256<double> low)
        {
            Vector256<double> z = x * x;
            Vector256<double> zl = Vector256.FusedMultiplyAdd(x, x, -z);
            Vector256<double> q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(
                Vector256.Create(C18), z, Vector256.Create(C16)), z, Vector256.Create(C14)), z, Vector256.Create(C12)), z, Vector256.Create(C10)), z, Vector256.Create(C8)), z, Vector256.Create(C6)), z, Vector256.Create(C4));
            Vector256<double> hz = Vector256.Create(0.5) * z;
            Vector256<double> w = Vector256<double>.One - hz;
            Vector256<double> t = (((Vector256<double>.One - w) - hz) - (Vector256.Create(0.5) * zl)) + Vector256.FusedMultiplyAdd(z * z, q, -(x * y));
            Vector256<double> high = w + t;
            low = (w - high) + t;
            return high;
        }

        /// <summary>sin (<paramref name="function"/> 0), cos (1) or tan (2) of x, |x| in (π/4, 2^30), lane by lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<double> Evaluate(Vector256<double> x, int function)
        {
            Vector256<long> n = Reduce(Vector256.Abs(x), out Vector256<double> hi, out Vector256<double> lo);
            return Finish(x, n, hi, lo, function);
        }

        /// <summary>
        /// sin (<paramref name="function"/> 0), cos (1) or tan (2) of x from |x|·2/π = n + r·2/π, r = hi + lo,
        /// |hi| ≤ π/4 (here or from <see cref="LargeArgumentTrig.Reduce"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<double> Finish(Vector256<double> x, Vector256<long> n, Vector256<double> hi, Vector256<double> lo, int function)
        {
            Vector256<double> odd = Vector256.Equals(n & Vector256<long>.One, Vector256<long>.One).AsDouble();
            Vector256<double> sh = SinKernel(hi, lo, out Vector256<double> sl);
            Vector256<double> ch = CosKernel(hi, lo, out Vector256<double> cl);
            Vector256<double> negativeX = Vector256.LessThan(x, Vector256<double>.Zero);
            if (function == 2)
            {
                Vector256<double> nh = Vector256.ConditionalSelect(odd, -ch, sh), nl = Vector256.ConditionalSelect(odd, -cl, sl);
                Vector256<double> dh = Vector256.ConditionalSelect(odd, sh, ch), dl = Vector256.ConditionalSelect(odd, sl, cl);
                Vector256<double> q = nh / dh;
                Vector256<double> v = q + (((Vector256.FusedMultiplyAdd(-q, dh, nh) + nl) - (q * dl)) / dh);
                return Vector256.ConditionalSelect(negativeX, -v, v);
            }

            Vector256<double> value = function == 0 ? Vector256.ConditionalSelect(odd, ch, sh) : Vector256.ConditionalSelect(odd, sh, ch);
            Vector256<long> flip = function == 0 ? (n & Vector256.Create(2L)) : ((n + Vector256<long>.One) & Vector256.Create(2L));
            Vector256<double> negate = Vector256.Equals(flip, Vector256.Create(2L)).AsDouble();
            if (function == 0)
            {
                negate ^= negativeX;
            }

            return Vector256.ConditionalSelect(negate, -value, value);
        }
    }

    /// <summary>The 512-bit lanes.</summary>
    internal static class W512
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> Reduce(Vector512<double> ax, out Vector512<double> hi, out Vector512<double> lo)
        {
            Vector512<double> k = Vector512.Round(ax * Vector512.Create(TwoOverPi));
            Vector512<double> a1 = k * Vector512.Create(HalfPiHi);
            Vector512<double> e1 = Vector512.FusedMultiplyAdd(k, Vector512.Create(HalfPiHi), -a1);
            Vector512<double> a2 = k * Vector512.Create(HalfPiLo);
            Vector512<double> e2 = Vector512.FusedMultiplyAdd(k, Vector512.Create(HalfPiLo), -a2);
            Vector512<double> t = ax - a1;
            Vector512<double> s = TwoSum(t, -e1, out Vector512<double> es);
            Vector512<double> u = TwoSum(s, -a2, out Vector512<double> eu);
            Vector512<double> tail = ((es + eu) - e2) - (k * Vector512.Create(HalfPiLo2));
            hi = TwoSum(u, tail, out lo);
            return Vector512.ConvertToInt64(k) & Vector512.Create(3L);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> TwoSum(Vector512<double> a, Vector512<double> b, out Vector512<double> error)
        {
            Vector512<double> sum = a + b;
            Vector512<double> bv = sum - a;
            error = (a - (sum - bv)) + (b - bv);
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> SinKernel(Vector512<double> x, Vector512<double> y, out Vector512<double> low)
        {
            Vector512<double> z = x * x;
            Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(
                Vector512.Create(S17), z, Vector512.Create(S15)), z, Vector512.Create(S13)), z, Vector512.Create(S11)), z, Vector512.Create(S9)), z, Vector512.Create(S7)), z, Vector512.Create(S5)), z, Vector512.Create(S3));
            Vector512<double> b = Vector512.FusedMultiplyAdd(x * z, p, y * Vector512.FusedMultiplyAdd(Vector512.Create(-0.5), z, Vector512<double>.One));
            Vector512<double> high = x + b;
            low = (x - high) + b;
            return high;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> CosKernel(Vector512<double> x, Vector512<double> y, out Vector512<double> low)
        {
            Vector512<double> z = x * x;
            Vector512<double> zl = Vector512.FusedMultiplyAdd(x, x, -z);
            Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(
                Vector512.Create(C18), z, Vector512.Create(C16)), z, Vector512.Create(C14)), z, Vector512.Create(C12)), z, Vector512.Create(C10)), z, Vector512.Create(C8)), z, Vector512.Create(C6)), z, Vector512.Create(C4));
            Vector512<double> hz = Vector512.Create(0.5) * z;
            Vector512<double> w = Vector512<double>.One - hz;
            Vector512<double> t = (((Vector512<double>.One - w) - hz) - (Vector512.Create(0.5) * zl)) + Vector512.FusedMultiplyAdd(z * z, q, -(x * y));
            Vector512<double> high = w + t;
            low = (w - high) + t;
            return high;
        }

        /// <summary>sin (<paramref name="function"/> 0), cos (1) or tan (2) of x, |x| in (π/4, 2^30), lane by lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<double> Evaluate(Vector512<double> x, int function)
        {
            Vector512<long> n = Reduce(Vector512.Abs(x), out Vector512<double> hi, out Vector512<double> lo);
            return Finish(x, n, hi, lo, function);
        }

        /// <summary>
        /// sin (<paramref name="function"/> 0), cos (1) or tan (2) of x from |x|·2/π = n + r·2/π, r = hi + lo,
        /// |hi| ≤ π/4 (here or from <see cref="LargeArgumentTrig.Reduce"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<double> Finish(Vector512<double> x, Vector512<long> n, Vector512<double> hi, Vector512<double> lo, int function)
        {
            Vector512<double> odd = Vector512.Equals(n & Vector512<long>.One, Vector512<long>.One).AsDouble();
            Vector512<double> sh = SinKernel(hi, lo, out Vector512<double> sl);
            Vector512<double> ch = CosKernel(hi, lo, out Vector512<double> cl);
            Vector512<double> negativeX = Vector512.LessThan(x, Vector512<double>.Zero);
            if (function == 2)
            {
                Vector512<double> nh = Vector512.ConditionalSelect(odd, -ch, sh), nl = Vector512.ConditionalSelect(odd, -cl, sl);
                Vector512<double> dh = Vector512.ConditionalSelect(odd, sh, ch), dl = Vector512.ConditionalSelect(odd, sl, cl);
                Vector512<double> q = nh / dh;
                Vector512<double> v = q + (((Vector512.FusedMultiplyAdd(-q, dh, nh) + nl) - (q * dl)) / dh);
                return Vector512.ConditionalSelect(negativeX, -v, v);
            }

            Vector512<double> value = function == 0 ? Vector512.ConditionalSelect(odd, ch, sh) : Vector512.ConditionalSelect(odd, sh, ch);
            Vector512<long> flip = function == 0 ? (n & Vector512.Create(2L)) : ((n + Vector512<long>.One) & Vector512.Create(2L));
            Vector512<double> negate = Vector512.Equals(flip, Vector512.Create(2L)).AsDouble();
            if (function == 0)
            {
                negate ^= negativeX;
            }

            return Vector512.ConditionalSelect(negate, -value, value);
        }
    }
}

/// <summary><see cref="MediumTrig"/>'s sin as a unary operator (for <see cref="UnaryDriver"/> over whole blocks).</summary>
internal readonly struct MediumSinOperator : IUnaryOperator<double>
{
    public static bool Vectorizable => true;

    public static double Invoke(double x) => MediumTrig.Evaluate(x, 0);

    public static Vector128<double> Invoke(Vector128<double> x) => MediumTrig.W128.Evaluate(x, 0);

    public static Vector256<double> Invoke(Vector256<double> x) => MediumTrig.W256.Evaluate(x, 0);

    public static Vector512<double> Invoke(Vector512<double> x) => MediumTrig.W512.Evaluate(x, 0);
}

/// <summary><see cref="MediumTrig"/>'s cos as a unary operator.</summary>
internal readonly struct MediumCosOperator : IUnaryOperator<double>
{
    public static bool Vectorizable => true;

    public static double Invoke(double x) => MediumTrig.Evaluate(x, 1);

    public static Vector128<double> Invoke(Vector128<double> x) => MediumTrig.W128.Evaluate(x, 1);

    public static Vector256<double> Invoke(Vector256<double> x) => MediumTrig.W256.Evaluate(x, 1);

    public static Vector512<double> Invoke(Vector512<double> x) => MediumTrig.W512.Evaluate(x, 1);
}
