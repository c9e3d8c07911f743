using System.Text.Json;
using ChunkCompute.Kernels;
using ChunkCompute.Tests.TestSupport;
using static ChunkCompute.Tests.Kernels.Elementwise.ElementwiseTestHelpers;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Compares every untyped ufunc with NumPy 1.24 on edge-case inputs (all pairs of ±0, ±1, ±Inf, NaN, subnormals,
/// integer MinValue/MaxValue, ...) from <c>Fixtures/elementwise/ufuncs.json</c> (made by <c>make_fixtures.py</c>):
/// result dtype and bits, exact except transcendental functions (within 4 ULP of NumPy, both being within their caps).
/// A zero must have NumPy's sign in every case (the ULP distance alone counts -0.0 and +0.0 as equal); NaN payloads
/// are not compared.
/// </summary>
public sealed class ElementwiseNumPyFixtureTests
{
    private static readonly string[] Approximate = ["exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "power", "hypot"];

    private static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "elementwise", "ufuncs.json")));

    public static IEnumerable<TestCaseData> Cases()
    {
        using var doc = Load();
        int i = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return new TestCaseData(i++).SetName($"NumPy_{c.GetProperty("op").GetString()}_{c.GetProperty("dtype").GetString()}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesNumPy(int index)
    {
        using var doc = Load();
        var c = doc.RootElement.GetProperty("cases")[index];
        string op = c.GetProperty("op").GetString()!;
        var dtype = DType.Parse(c.GetProperty("dtype").GetString()!);
        if (c.TryGetProperty("error", out _))
        {
            var one = FromBits(dtype, [0, 1]);
            Assert.That(() => NumPyUfunc.Apply(op, one, one), Throws.InstanceOf<ArgumentException>());
            return;
        }

        var x = FromBits(dtype, c.GetProperty("x").EnumerateArray().Select(e => e.GetUInt64()).ToArray());
        var y = c.TryGetProperty("y", out var yj) ? FromBits(dtype, yj.EnumerateArray().Select(e => e.GetUInt64()).ToArray()) : null;
        var result = NumPyUfunc.Apply(op, x, y);
        Assert.That(result.DType.Name, Is.EqualTo(c.GetProperty("out").GetString()), "result dtype");
        var expected = c.GetProperty("expected").EnumerateArray().Select(e => e.GetUInt64()).ToArray();
        var actual = ToBits(result);
        long tolerance = Approximate.Contains(op) ? 4 : 0;
        var xs = ToBits(x);
        var ys = y is null ? null : ToBits(y);
        for (int i = 0; i < expected.Length; i++)
        {
            bool ok = result.DType.IsFloatingPoint
                ? UlpDistance(actual[i], expected[i], result.DType.ItemSize) <= tolerance && SameZeroSign(actual[i], expected[i], result.DType.ItemSize)
                : actual[i] == expected[i];
            Assert.That(ok, Is.True, $"{op}({xs[i]:X}{(ys is null ? "" : $", {ys[i]:X}")}) = {actual[i]:X}, NumPy {expected[i]:X}");
        }
    }

    [Test]
    public void PromotionTableMatchesNumPy()
    {
        using var doc = Load();
        var p = doc.RootElement.GetProperty("promote");
        var names = p.GetProperty("names").EnumerateArray().Select(e => DType.Parse(e.GetString()!)).ToArray();
        var table = p.GetProperty("table");
        for (int a = 0; a < names.Length; a++)
        {
            for (int b = 0; b < names.Length; b++)
            {
                Assert.That(TypePromotion.Promote(names[a], names[b]).Name, Is.EqualTo(table[a][b].GetString()), $"{names[a]} + {names[b]}");
            }
        }
    }

    /// <summary>Three operands (Clip, Where's values, FusedMultiplyAdd) promote as <c>np.result_type</c> does, for every triple.</summary>
    [Test]
    public void ThreeOperandPromotionMatchesNumPysResultType()
    {
        using var doc = Load();
        var names = doc.RootElement.GetProperty("promote").GetProperty("names").EnumerateArray().Select(e => DType.Parse(e.GetString()!)).ToArray();
        var table = doc.RootElement.GetProperty("promote3");
        for (int a = 0; a < names.Length; a++)
        {
            for (int b = 0; b < names.Length; b++)
            {
                for (int c = 0; c < names.Length; c++)
                {
                    Assert.That(TypePromotion.Promote(names[a], names[b], names[c]).Name, Is.EqualTo(table[a][b][c].GetString()), $"{names[a]}, {names[b]}, {names[c]}");
                }
            }
        }
    }

    /// <summary><c>np.hypot</c>'s result dtype for every pair: the first float type both operands cast to safely.</summary>
    [Test]
    public void HypotResultTypeMatchesNumPy()
    {
        using var doc = Load();
        var names = doc.RootElement.GetProperty("promote").GetProperty("names").EnumerateArray().Select(e => DType.Parse(e.GetString()!)).ToArray();
        var table = doc.RootElement.GetProperty("hypot_types");
        for (int a = 0; a < names.Length; a++)
        {
            for (int b = 0; b < names.Length; b++)
            {
                using var ones = NdArray.Ones<double>(3);
                using var x = ones.AsType(names[a]);
                using var y = ones.AsType(names[b]);
                using var r = NdArray.Hypot(x, y);
                Assert.That(r.DType.Name, Is.EqualTo(table[a][b].GetString()), $"hypot({names[a]}, {names[b]})");
            }
        }
    }

    /// <summary>
    /// FloorDivide, Remainder and Power with a scalar on either side give NumPy 1.24's dtype (its loop search:
    /// <c>uint8 // 300</c> is int16 where <c>uint8 + 300</c> is uint16).
    /// </summary>
    [Test]
    public void DivisionAndPowerWithScalarsMatchNumPysDTypes()
    {
        using var doc = Load();
        foreach (var w in doc.RootElement.GetProperty("weak_ops").EnumerateArray())
        {
            var dt = DType.Parse(w.GetProperty("dtype").GetString()!);
            double v = w.GetProperty("value").GetDouble();
            if (w.GetProperty("pyfloat").GetBoolean() && Math.Floor(v) == v && Math.Abs(v) < 9.3e18)
            {
                continue; // documented difference: an integral double (below 9.3e18) counts as a Python int
            }

            string op = w.GetProperty("op").GetString()!;
            using var ones = NdArray.Ones<double>(2);
            using var a = ones.AsType(dt);
            Func<NdArray, double, NdArray> left = op switch { "floor_divide" => (x, s) => NdArray.FloorDivide(x, s), "remainder" => (x, s) => NdArray.Remainder(x, s), _ => (x, s) => NdArray.Power(x, s) };
            Func<double, NdArray, NdArray> right = op switch { "floor_divide" => (s, x) => NdArray.FloorDivide(s, x), "remainder" => (s, x) => NdArray.Remainder(s, x), _ => (s, x) => NdArray.Power(s, x) };
            using var l = left(a, v);
            using var r = right(v, a);
            Assert.That(l.DType.Name, Is.EqualTo(w.GetProperty("left").GetString()), $"{op}({dt}, {v})");
            Assert.That(r.DType.Name, Is.EqualTo(w.GetProperty("right").GetString()), $"{op}({v}, {dt})");
        }
    }

    /// <summary>
    /// True division by a weak scalar on either side, against NumPy 1.24's dtypes (printed by
    /// <c>(np.ones(2, dt) / v).dtype</c> and <c>(v / np.ones(2, dt)).dtype</c>; integral values are Python ints):
    /// integers and bool give float64, and float arrays keep their type unless NumPy's loop search needs a wider one.
    /// </summary>
    [TestCase("int8", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    [TestCase("uint8", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    [TestCase("int64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    [TestCase("uint64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    [TestCase("float16", "float16", "float16", "float32", "float64", "float64", "float16", "float64", "float16")]
    [TestCase("float32", "float32", "float32", "float32", "float64", "float64", "float32", "float64", "float32")]
    [TestCase("float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    [TestCase("bool", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64")]
    public void TrueDivisionByAWeakScalarHasNumPysDType(string dtype, params string[] expected)
    {
        double[] values = [2, 2.5, 300, 70000, 1e19, -1, 1e300, 1e-300];
        using var ones = NdArray.Ones<double>(2);
        using var a = ones.AsType(DType.Parse(dtype));
        for (int i = 0; i < values.Length; i++)
        {
            using var l = NdArray.Divide(a, values[i]);
            using var r = NdArray.Divide(values[i], a);
            Assert.That(l.DType.Name, Is.EqualTo(expected[i]), $"{dtype} / {values[i]}");
            Assert.That(r.DType.Name, Is.EqualTo(expected[i]), $"{values[i]} / {dtype}");
        }

        // Values as NumPy prints them: np.ones(2, np.float16) / 2.5 and / 300, np.ones(2, np.int8) / 300.
        using var h = ones.AsType(DType.Float16);
        Assert.That(NdArray.Divide(h, 2.5).AsType<double>().ToArray(), Is.EqualTo(new[] { 0.39990234375, 0.39990234375 }));
        Assert.That(NdArray.Divide(h, 300).AsType<double>().ToArray(), Is.EqualTo(new[] { 0.0033333334140479565, 0.0033333334140479565 }));
        using var i8 = ones.AsType(DType.Int8);
        Assert.That(((NdArray<double>)NdArray.Divide(i8, 300)).ToArray(), Is.EqualTo(new[] { 0.0033333333333333335, 0.0033333333333333335 }));
    }

    [Test]
    public void WeakScalarsMatchNumPyForPythonInts()
    {
        using var doc = Load();
        foreach (var w in doc.RootElement.GetProperty("weak").EnumerateArray())
        {
            var dt = DType.Parse(w.GetProperty("dtype").GetString()!);
            double v = w.GetProperty("value").GetDouble();
            bool pyFloat = w.GetProperty("pyfloat").GetBoolean();
            if (pyFloat && Math.Floor(v) == v && v >= -9.2233720368547758e18 && v < 18446744073709551616.0)
            {
                continue; // documented difference: an integral double (from -2^63 to below 2^64) counts as a Python int
            }

            Assert.That(TypePromotion.WeakScalar(dt, v).Name, Is.EqualTo(w.GetProperty("out").GetString()), $"{dt} + {v}");
        }
    }

    [Test]
    public void IntegralScalarsUpTo2To64AreUInt64PythonInts()
    {
        // NumPy 1.24: a + 10**19 (uint64, wraps), a // 10**19, [10**19 + 1] == 10**19, bool + 10**19, int64 + 10**19
        // (float64: no integer type holds both), uint8 * (2**64 - 2048), and the in-place add.
        using var a = NdArray.FromArray(new ulong[] { 1, 2, 10_000_000_000_000_000_000 });
        using var sum = NdArray.Add(a, 1e19);
        Assert.That(sum.DType, Is.EqualTo(DType.UInt64));
        Assert.That(sum.AsType<ulong>().ToArray(), Is.EqualTo(new ulong[] { 10_000_000_000_000_000_001, 10_000_000_000_000_000_002, 1_553_255_926_290_448_384 }));
        Assert.That(NdArray.FloorDivide(a, 1e19).AsType<ulong>().ToArray(), Is.EqualTo(new ulong[] { 0, 0, 1 }));
        Assert.That(NdArray.FloorDivide(a, 1e19).DType, Is.EqualTo(DType.UInt64));
        Assert.That(NdArray.Equal(NdArray.FromArray(new ulong[] { 10_000_000_000_000_000_001 }), 1e19).AsType<bool>().ToArray(), Is.EqualTo(new[] { false }));
        Assert.That(NdArray.Add(NdArray.FromArray(new[] { true, false }), 1e19).DType, Is.EqualTo(DType.UInt64));
        Assert.That(NdArray.Add(NdArray.FromArray(new long[] { 1, 2 }), 1e19).DType, Is.EqualTo(DType.Float64));
        Assert.That(NdArray.Multiply(NdArray.FromArray(new byte[] { 1 }), 18446744073709549568.0).AsType<ulong>().ToArray(), Is.EqualTo(new[] { 18446744073709549568UL }));
        using var b = NdArray.FromArray(new ulong[] { 1, 2, 10_000_000_000_000_000_000 });
        NdArray.Add(b, 1e19, @out: b);
        Assert.That(b.ToArray(), Is.EqualTo(new ulong[] { 10_000_000_000_000_000_001, 10_000_000_000_000_000_002, 1_553_255_926_290_448_384 }));
        Assert.That(TypePromotion.WeakScalar(DType.UInt64, 18446744073709551616.0), Is.EqualTo(DType.Float64), "2^64 is beyond uint64");
    }

    /// <summary>False when one result is +0.0 and the other -0.0 (ULP distances treat them as equal).</summary>
    internal static bool SameZeroSign(ulong a, ulong b, int itemSize)
    {
        int shift = (itemSize * 8) - 1;
        ulong magnitude = (1UL << shift) - 1;
        bool aZero = (a & magnitude) == 0, bZero = (b & magnitude) == 0;
        return !(aZero && bZero) || (a >> shift) == (b >> shift);
    }

    private static readonly string[] BinaryOps =
    [
        "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power", "maximum", "minimum", "hypot", "equal",
        "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor", "bitwise_and",
        "bitwise_or", "bitwise_xor",
    ];

    private static readonly string[] UnaryOps =
    [
        "negative", "absolute", "sign", "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "floor", "ceil",
        "round", "isnan", "isfinite", "invert", "logical_not",
    ];

    /// <summary>
    /// Every operation, every length 0..256: the whole-array result (vector loops and their remainder) equals
    /// single-element calls at the first, middle and last index, bit for bit, transcendental functions included (our
    /// kernels run the same lane arithmetic in their remainders and for single values; float16 functions are table
    /// lookups, <see cref="ChunkCompute.Kernels.Elementwise.HalfLookup{TKernel}"/>).
    /// </summary>
    [TestCase("float64")]
    [TestCase("float32")]
    [TestCase("float16")]
    [TestCase("int32")]
    [TestCase("uint8")]
    [TestCase("bool")]
    public void EveryOperationEveryLengthMatchesScalarPath(string dtypeName)
    {
        var dtype = DType.Parse(dtypeName);
        var rng = new Random(31);
        ulong Next() => dtype.Code switch
        {
            0 => BitConverter.DoubleToUInt64Bits((rng.NextDouble() * 20) - 10),
            1 => BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() * 20) - 10)),
            2 => BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() * 20) - 10)),
            4 => (uint)rng.Next(-50, 50),
            10 => (ulong)rng.Next(0, 256),
            _ => (ulong)rng.Next(0, 2),
        };
        foreach (var op in OpsDefinedFor(dtype))
        {
            bool binary = BinaryOps.Contains(op);

            for (int n = 0; n <= 256; n++)
            {
                var xb = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
                var yb = Enumerable.Range(0, n).Select(_ => op == "power" && dtype.IsInteger ? (ulong)rng.Next(0, 4) : Next()).ToArray();
                var all = NumPyUfunc.Apply(op, FromBits(dtype, xb), binary ? FromBits(dtype, yb) : null);
                var bits = ToBits(all);
                foreach (int i in n == 0 ? [] : new[] { 0, n / 2, n - 1 })
                {
                    var one = ToBits(NumPyUfunc.Apply(op, FromBits(dtype, [xb[i]]), binary ? FromBits(dtype, [yb[i]]) : null))[0];
                    bool ok = all.DType.IsFloatingPoint
                        ? UlpDistance(bits[i], one, all.DType.ItemSize) <= 0
                        : bits[i] == one;
                    if (!ok)
                    {
                        Assert.Fail($"{op} {dtype} n={n} i={i}: {bits[i]:X} vs single {one:X}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every operation on reversed, stepped, transposed and broadcast (stride 0) operands gives the same bits as on
    /// C-contiguous copies of them, for every dtype (the layout walk is shared, the kernels are per operation).
    /// </summary>
    [TestCase("float64")]
    [TestCase("float32")]
    [TestCase("float16")]
    [TestCase("int64")]
    [TestCase("int32")]
    [TestCase("int16")]
    [TestCase("int8")]
    [TestCase("uint64")]
    [TestCase("uint16")]
    [TestCase("uint8")]
    [TestCase("bool")]
    public void EveryOperationOnStridedTransposedAndBroadcastViewsMatchesContiguousCopies(string dtypeName)
    {
        var dtype = DType.Parse(dtypeName);
        var rng = new Random(dtypeName.Length * 7919);
        ulong Next() => dtype.Kind == DTypeKind.Float
            ? ToBits(NdArray.FromArray(new[] { (rng.NextDouble() * 8) - 4 }, 1).AsType(dtype))[0]
            : dtype == DType.Bool ? (ulong)rng.Next(0, 2) : (ulong)rng.Next(0, 100);
        NdArray Base(int rows, int cols) => Reshape(FromBits(dtype, Enumerable.Range(0, rows * cols).Select(_ => Next()).ToArray()), rows, cols);
        var x = View(Base(5, 8), a => a["::-1, ::2"]);                 // (5, 4), negative and stepped strides
        var y = View(Base(8, 5), a => a.Transpose()[":, 1::2"]);         // (5, 4), transposed
        var z = View(Base(1, 4), a => Broadcasting.BroadcastTo(a, 5, 4)); // (5, 4), stride 0 along rows
        var e = View(Base(5, 4), a => a[":, ::-1"]);                   // small exponents for integer power
        foreach (var op in OpsDefinedFor(dtype))
        {
            bool binary = BinaryOps.Contains(op);

            var second = op == "power" && dtype.IsInteger ? IntegerExponents(e) : y;
            foreach (var (p, q, what) in new[] { (x, second, "strided, transposed"), (z, x, "broadcast, strided"), (y, z, "transposed, broadcast") })
            {
                var r = NumPyUfunc.Apply(op, p, binary ? q : null);
                var got = CanonicalNaN(ToBits(r), r.DType);
                var want = CanonicalNaN(ToBits(NumPyUfunc.Apply(op, p.CopyUntyped(), binary ? q.CopyUntyped() : null)), r.DType);
                Assert.That(got, Is.EqualTo(want), $"{op} {dtype} ({what})");
            }
        }
    }

    /// <summary>The binary and unary ops defined for <paramref name="dtype"/> (the others are checked against NumPy elsewhere).</summary>
    private static IEnumerable<string> OpsDefinedFor(DType dtype)
    {
        var probe = FromBits(dtype, [1]);
        foreach (var op in BinaryOps.Concat(UnaryOps))
        {
            bool defined = true;
            try
            {
                NumPyUfunc.Apply(op, probe, probe);
            }
            catch (ArgumentException)
            {
                defined = false;
            }

            if (defined)
            {
                yield return op;
            }
        }
    }

    /// <summary>Every NaN as one pattern: NaN sign and payload are not part of any contract (NumPy's neither).</summary>
    private static ulong[] CanonicalNaN(ulong[] bits, DType dtype) => dtype.Kind != DTypeKind.Float
        ? bits
        : bits.Select(b => IsNaNBits(b, dtype.ItemSize) ? ulong.MaxValue : b).ToArray();

    private static bool IsNaNBits(ulong b, int itemSize) => itemSize switch
    {
        8 => double.IsNaN(BitConverter.UInt64BitsToDouble(b)),
        4 => float.IsNaN(BitConverter.UInt32BitsToSingle((uint)b)),
        _ => Half.IsNaN(BitConverter.UInt16BitsToHalf((ushort)b)),
    };

    private static NdArray IntegerExponents(NdArray e) => NdArray.Remainder(NdArray.Abs(e), 4.0);

    private static NdArray Reshape(NdArray a, long rows, long cols) => View(a, v => v.Reshape(rows, cols));

    private static NdArray View(NdArray a, Func<dynamic, dynamic> f) => (NdArray)f(a);
}
