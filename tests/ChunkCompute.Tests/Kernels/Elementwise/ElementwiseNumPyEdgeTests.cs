using ChunkCompute;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Edge cases found by a differential sweep against NumPy 1.24 (values and result dtypes), each at every length
/// that reaches the vector loops and their remainders.
/// </summary>
public class ElementwiseNumPyEdgeTests
{
    private static int UlpDistance(float a, float b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    private static long UlpDistance(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    /// <summary><c>np.hypot</c> neither overflows nor underflows where the squares would, in float32 as in float64.</summary>
    [Test]
    public void HypotOfHugeAndTinyValuesNeitherOverflowsNorUnderflows()
    {
        float[] scales32 = [1e20f, 1e30f, 3e37f, 1e-20f, 3e-25f, 1e-35f, 1e-40f, 1f, 1e17f, 1e-17f];
        double[] scales64 = [1e160, 1e300, 1e-160, 1e-300, 1e-320, 1.0];
        for (int n = 0; n <= 40; n++)
        {
            foreach (float s in scales32)
            {
                using var x = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (3 + (i % 4))).ToArray());
                using var y = NdArray.FromArray(Enumerable.Range(0, n).Select(i => -s * (4 + (i % 3))).ToArray());
                var got = NdArray.Hypot(x, y).ToArray();
                for (int i = 0; i < n; i++)
                {
                    float want = (float)double.Hypot(x[i], y[i]);
                    Assert.That(UlpDistance(got[i], want), Is.LessThanOrEqualTo(1), $"float32 n={n} i={i} scale={s}: {got[i]} vs {want}");
                }
            }

            foreach (double s in scales64)
            {
                using var x = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (3 + (i % 4))).ToArray());
                using var y = NdArray.FromArray(Enumerable.Range(0, n).Select(i => s * (4 + (i % 3))).ToArray());
                var got = NdArray.Hypot(x, y).ToArray();
                for (int i = 0; i < n; i++)
                {
                    double want = double.Hypot(x[i], y[i]);
                    Assert.That(UlpDistance(got[i], want), Is.LessThanOrEqualTo(1), $"float64 n={n} i={i} scale={s}: {got[i]} vs {want}");
                }
            }
        }
    }

    /// <summary>A Python int of 2^63 or more with a bool array is uint64 in NumPy (not an overflowed int64).</summary>
    [Test]
    public void BoolArrayWithIntegerScalarAbove2To63IsUInt64()
    {
        using var b = NdArray.FromArray([true, false]);
        using var sum = NdArray.Add(b, 9.25e18);
        Assert.That(sum.DType, Is.EqualTo(DType.UInt64));
        Assert.That(((NdArray<ulong>)sum).ToArray(), Is.EqualTo(new ulong[] { 9_250_000_000_000_000_001, 9_250_000_000_000_000_000 }));
        Assert.That(((NdArray<bool>)NdArray.Less(b, 9.25e18)).ToArray(), Is.EqualTo(new[] { true, true }));
        Assert.That(NdArray.Add(b, 9e18).DType, Is.EqualTo(DType.Int64));
    }

    /// <summary>
    /// <c>np.floor_divide</c> does its steps in float32 for float32 (and float16, rounded to half at the end): the
    /// bits below are NumPy 1.24's (seeded random pairs plus edge pairs; made with
    /// <c>np.floor_divide(a, b).view(np.uint32)</c>), checked at lengths that reach every loop remainder.
    /// </summary>
    [Test]
    public void FloorDivideOfFloat32AndFloat16IsComputedInFloat32AsNumPyDoes()
    {
        uint[] x = [1343554297, 3491037945, 1089470464, 3236954112, 228737632, 2137108966, 2147483648, 1065353216, 1290445333, 1328681204, 3168834272, 3322619820, 3509149897, 3463212365, 1225971136, 1235458490, 3120629612, 3429675328, 1167659869, 996795316, 1037558637, 3350575975, 3364803783, 1171867713, 3382974132, 3481821520, 3415280962, 3271619627, 3386954296, 3333925434, 3159337103, 965621884, 1209603014, 3247803253, 3363161854, 3232522681, 3175524589, 1010410812, 3273196410, 3454259070, 3295977785, 3265381495, 1204761838, 3516295745, 3226477456, 1202502526, 3289507437, 3352963834];
        uint[] y = [1144061952, 1144061952, 3221225472, 1073741824, 242443152, 981668463, 1084227584, 2147483648, 990191873, 3230941736, 1095475492, 3214407166, 3149779799, 3220906367, 1063654756, 1150232347, 3271842384, 3209391535, 1003747889, 3248448706, 3174938337, 3239815354, 1151148155, 1060142278, 3282279249, 3228296057, 3223330820, 1125669466, 3257611713, 3281508119, 1135627111, 3130936278, 3192521952, 3297460774, 3130459042, 3146865226, 1094358168, 1115856418, 3222963429, 1116056860, 3227092026, 1009541473, 3232549171, 1058363532, 3298909333, 1107995657, 3302164104, 3165043697];
        uint[] want = [1264026884, 3411510533, 3229614080, 3229614080, 0, 2139095040, 2147483648, 4286578688, 1365350394, 3457793051, 3212836864, 1172989952, 1424256165, 1307640530, 1227055056, 1150435328, 0, 1284828701, 1228463520, 3212836864, 3225419776, 1175810048, 3278438400, 1176343552, 1166041088, 1318322677, 1256711886, 3212836864, 1193808896, 1117388800, 3212836864, 3212836864, 3376544528, 0, 1297109579, 1150795776, 3212836864, 0, 1115422720, 3403293468, 1133477888, 3320856576, 3331948544, 3523275414, 0, 1159688192, 0, 1252490288];
        ushort[] hx = [21909, 57502, 48319, 45669, 55058, 20617, 59432, 18492, 45462, 18321, 51258, 21726, 12337, 48678, 12287, 26018, 50837, 49530, 45342, 54808, 18814, 53961, 40254, 44308, 54227, 45079, 22491, 48682, 11823, 15700, 54359, 56603, 57440, 14942, 56797, 42926, 58723, 57934, 22827, 57662];
        ushort[] hy = [43091, 46863, 43648, 14602, 42938, 45273, 13084, 8710, 11355, 13855, 40389, 48519, 18623, 18645, 45185, 17771, 11520, 11602, 8376, 46922, 12505, 51772, 11652, 17648, 8313, 9423, 12480, 41437, 45415, 14985, 48143, 34833, 8269, 48787, 49208, 16688, 14106, 42571, 3664, 44418];
        ushort[] hwant = [59690, 25915, 19904, 48128, 27474, 56192, 61613, 24990, 49664, 19648, 26076, 54048, 0, 48128, 48128, 23592, 54608, 53280, 52352, 23216, 21632, 17408, 48128, 48128, 61184, 50944, 25244, 22576, 48128, 15360, 21568, 31744, 64512, 48128, 22920, 48128, 59922, 30722, 31744, 28573];
        for (int rep = 1; rep <= 3; rep++)
        {
            var xs = Enumerable.Repeat(x, rep).SelectMany(v => v).Select(BitConverter.UInt32BitsToSingle).ToArray();
            var ys = Enumerable.Repeat(y, rep).SelectMany(v => v).Select(BitConverter.UInt32BitsToSingle).ToArray();
            using var a = NdArray.FromArray(xs);
            using var b = NdArray.FromArray(ys);
            var got = NdArray.FloorDivide(a, b).ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray();
            Assert.That(got, Is.EqualTo(Enumerable.Repeat(want, rep).SelectMany(v => v).ToArray()), $"float32, {rep} copies");

            var hxs = Enumerable.Repeat(hx, rep).SelectMany(v => v).Select(BitConverter.UInt16BitsToHalf).ToArray();
            var hys = Enumerable.Repeat(hy, rep).SelectMany(v => v).Select(BitConverter.UInt16BitsToHalf).ToArray();
            using var ha = NdArray.FromArray(hxs);
            using var hb = NdArray.FromArray(hys);
            var hgot = NdArray.FloorDivide(ha, hb).ToArray().Select(BitConverter.HalfToUInt16Bits).ToArray();
            Assert.That(hgot, Is.EqualTo(Enumerable.Repeat(hwant, rep).SelectMany(v => v).ToArray()), $"float16, {rep} copies");
        }
    }

    /// <summary>NumPy raises for negative integer exponents from its loop: an empty result raises nothing.</summary>
    [Test]
    public void IntegerPowerWithNegativeExponentsOnlyRaisesWhenThereIsSomethingToCompute()
    {
        using var empty = NdArray.Zeros<int>(0);
        using var negative = NdArray.FromArray([-1, -2]).Reshape(2, 1);
        Assert.That(NdArray.Power((NdArray)empty, -1.0).Shape.ToArray(), Is.EqualTo(new long[] { 0 }));
        Assert.That(NdArray.Power(negative, empty).Shape.ToArray(), Is.EqualTo(new long[] { 2, 0 }));
        using var x = NdArray.FromArray([2, 3]);
        Assert.That(Assert.Throws<ArgumentException>(() => NdArray.Power((NdArray)x, -1.0))!.Message, Does.StartWith("Integers to negative integer powers are not allowed."));
    }

    /// <summary>
    /// float16 <c>FusedMultiplyAdd</c> rounds once: every result is the half nearest the exact <c>a * b + c</c>
    /// (ties to even), computed in integers (halves are multiples of 2^-24, so the exact value is a multiple of
    /// 2^-48). Seeded random triples at every length 0..40 plus two triples that a float FMA then half rounding gets wrong.
    /// </summary>
    [Test]
    public void Float16FusedMultiplyAddRoundsOnce()
    {
        Assert.That(BitConverter.HalfToUInt16Bits(Fma(0xbbe7, 0xb429, 0x410e)), Is.EqualTo(0x4191));
        Assert.That(BitConverter.HalfToUInt16Bits(Fma(0x40d2, 0x400c, 0x0901)), Is.EqualTo(0x44e1));
        var rng = new Random(31);
        Half Next() => (Half)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-16, 8)));
        for (int n = 0; n <= 40; n++)
        {
            var a = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
            var c = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
            using var x = NdArray.FromArray(a);
            using var y = NdArray.FromArray(b);
            using var z = NdArray.FromArray(c);
            var got = NdArray.FusedMultiplyAdd(x, y, z).ToArray();
            for (int i = 0; i < n; i++)
            {
                Assert.That(IsNearestHalf(got[i], a[i], b[i], c[i]), $"n={n} i={i}: fma({a[i]}, {b[i]}, {c[i]}) = {got[i]}");
            }
        }

        static Half Fma(ushort a, ushort b, ushort c)
        {
            using var x = NdArray.FromArray([BitConverter.UInt16BitsToHalf(a)]);
            using var y = NdArray.FromArray([BitConverter.UInt16BitsToHalf(b)]);
            using var z = NdArray.FromArray([BitConverter.UInt16BitsToHalf(c)]);
            return NdArray.FusedMultiplyAdd(x, y, z).ToArray()[0];
        }
    }

    /// <summary>Whether <paramref name="h"/> is the half nearest to the exact <c>a * b + c</c> (ties to an even significand).</summary>
    private static bool IsNearestHalf(Half h, Half a, Half b, Half c)
    {
        static System.Numerics.BigInteger Units(Half v) => new((double)v * 16_777_216.0); // exact: v is a multiple of 2^-24
        var exact = (Units(a) * Units(b)) + (Units(c) << 24); // in units of 2^-48
        System.Numerics.BigInteger Distance(Half v) => System.Numerics.BigInteger.Abs(exact - (Units(v) << 24));
        var d = Distance(h);
        foreach (var other in new[] { Half.BitDecrement(h), Half.BitIncrement(h) })
        {
            if (!Half.IsFinite(other))
            {
                continue;
            }

            var od = Distance(other);
            if (od < d || (od == d && (BitConverter.HalfToUInt16Bits(h) & 1) != 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>np.clip</c> of bools stays bool: <c>(x | lo) &amp; hi</c>, with broadcasting and <c>out</c>.</summary>
    /// <summary>
    /// <c>np.abs</c> clears the sign bit of a NaN and keeps its payload (<c>|-nan(0x1)| = +nan(0x1)</c>) and
    /// <c>np.negative</c> flips it (a signalling NaN stays signalling), at every length: the scalar path of short spans and remainders gave
    /// <c>0 - x</c>, which keeps a NaN's sign, where the vector forms clear it.
    /// </summary>
    [Test]
    public void AbsAndNegateOfNaNFollowTheSignBitAtEveryLength()
    {
        for (int n = 1; n <= 70; n++)
        {
            using var d = NdArray.FromArray(Enumerable.Repeat(BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)), n).ToArray());
            using var f = NdArray.FromArray(Enumerable.Repeat(BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0001)), n).ToArray());
            using var h = NdArray.FromArray(Enumerable.Repeat(BitConverter.UInt16BitsToHalf(0xFE01), n).ToArray());
            Assert.That(NdArray.Abs(d).ToArray().Select(BitConverter.DoubleToInt64Bits), Is.All.EqualTo(0x7FF8_0000_0000_0001), $"float64, n = {n}");
            Assert.That(NdArray.Abs(f).ToArray().Select(BitConverter.SingleToInt32Bits), Is.All.EqualTo(0x7FC0_0001), $"float32, n = {n}");
            Assert.That(NdArray.Abs(h).ToArray().Select(BitConverter.HalfToUInt16Bits), Is.All.EqualTo((ushort)0x7E01), $"float16, n = {n}");
            Assert.That(NdArray.Negate(d).ToArray().Select(BitConverter.DoubleToInt64Bits), Is.All.EqualTo(0x7FF8_0000_0000_0001), $"-float64, n = {n}");
            Assert.That(NdArray.Negate(f).ToArray().Select(BitConverter.SingleToInt32Bits), Is.All.EqualTo(0x7FC0_0001), $"-float32, n = {n}");
            Assert.That(NdArray.Negate(h).ToArray().Select(BitConverter.HalfToUInt16Bits), Is.All.EqualTo((ushort)0x7E01), $"-float16, n = {n}");

            // Signalling NaNs stay signalling (NumPy flips the sign bit only).
            using var sh = NdArray.FromArray(Enumerable.Range(0, n).Select(i => BitConverter.UInt16BitsToHalf(i % 2 == 0 ? (ushort)0x7C23 : (ushort)0xFC01)).ToArray());
            Assert.That(NdArray.Negate(sh).ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? (ushort)0xFC23 : (ushort)0x7C01)), $"-sNaN float16, n = {n}");
            Assert.That(NdArray.Abs(sh).ToArray().Select(BitConverter.HalfToUInt16Bits), Is.EqualTo(Enumerable.Range(0, n).Select(i => i % 2 == 0 ? (ushort)0x7C23 : (ushort)0x7C01)), $"|sNaN| float16, n = {n}");
        }
    }

    [Test]
    public void ClipOfBoolsIsBool()
    {
        using var x = NdArray.FromArray([true, false, true, false]);
        using var lo = NdArray.FromArray([false, false, true, true]);
        using var hi = NdArray.Scalar(true);
        using var r = NdArray.Clip((NdArray)x, lo, hi);
        Assert.That(r.DType, Is.EqualTo(DType.Bool));
        Assert.That(((NdArray<bool>)r).ToArray(), Is.EqualTo(new[] { true, false, true, true }));
        using var no = NdArray.Scalar(false);
        Assert.That(((NdArray<bool>)NdArray.Clip((NdArray)x, no, no)).ToArray(), Is.EqualTo(new[] { false, false, false, false }));
        using var o = NdArray.Zeros<bool>(4);
        NdArray.Clip((NdArray)x, lo, hi, o);
        Assert.That(o.ToArray(), Is.EqualTo(new[] { true, false, true, true }));
    }

    /// <summary>
    /// Like NumPy's, an element's <c>Hypot</c> does not depend on its neighbours or its position: each special or
    /// out-of-range pair, at every position of arrays of every length 1..40 among ordinary pairs, gives the bits
    /// of the same pair alone (float64 and float32).
    /// </summary>
    [Test]
    public void HypotOfAnElementDoesNotDependOnItsNeighbours()
    {
        double[] specials = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e200, 1e-200, 5e-324, 3e20, 1e-20, 0.5];
        for (int n = 1; n <= 40; n++)
        {
            for (int pos = 0; pos < n; pos += 3)
            {
                foreach (double sp in specials)
                {
                    var xs = Enumerable.Range(0, n).Select(i => 3.0 + i).ToArray();
                    var ys = Enumerable.Range(0, n).Select(i => 0.5 + (i * 0.25)).ToArray();
                    ys[pos] = sp;
                    using var x = NdArray.FromArray(xs);
                    using var y = NdArray.FromArray(ys);
                    var got = NdArray.Hypot(x, y).ToArray();
                    using var xf = NdArray.FromArray(xs.Select(v => (float)v).ToArray());
                    using var yf = NdArray.FromArray(ys.Select(v => (float)v).ToArray());
                    var gotF = NdArray.Hypot(xf, yf).ToArray();
                    for (int i = 0; i < n; i++)
                    {
                        using var x1 = NdArray.FromArray([xs[i]]);
                        using var y1 = NdArray.FromArray([ys[i]]);
                        Assert.That(BitConverter.DoubleToInt64Bits(got[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(NdArray.Hypot(x1, y1).ToArray()[0])), $"float64 n={n} special {sp} at {pos}, element {i}");
                        using var x1f = NdArray.FromArray([(float)xs[i]]);
                        using var y1f = NdArray.FromArray([(float)ys[i]]);
                        Assert.That(BitConverter.SingleToInt32Bits(gotF[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(NdArray.Hypot(x1f, y1f).ToArray()[0])), $"float32 n={n} special {sp} at {pos}, element {i}");
                    }
                }
            }
        }
    }
}
