using System.Globalization;
using System.Text.Json;
using ChunkCompute;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Compares reductions, statistics, sorting and matmul with values NumPy 1.24 produced
/// (Fixtures/reductions/make_fixtures.py, run with /usr/bin/python3). Result dtype and shape must match exactly;
/// values must match bit for bit except floating sums/means/variances/products (NumPy's pairwise grouping differs
/// from our fixed 16-lane tree in the last bits), which must agree within 1e-12 relative, or, for the all-dtypes
/// cases, within the case's "tol": 8 units of the result type's precision times the magnitude of what was summed
/// (float32/float16 sums are accumulated in float64 here and in the type by NumPy).
/// </summary>
public class NumPyFixtureTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(Load);

    private static readonly HashSet<string> ApproximateOps = ["sum", "mean", "var", "std", "nansum", "nanmean", "nanvar", "nanstd", "prod", "matmul", "dot"];

    public static IEnumerable<string> CaseNames() => Cases.Value.Keys;

    [TestCaseSource(nameof(CaseNames))]
    public void MatchesNumPy(string name)
    {
        var c = Cases.Value[name];
        var input = NumPyJsonFixture.Decode(c.GetProperty("input"));
        string op = c.GetProperty("op").GetString()!;
        var expected = c.GetProperty("expected");
        if (expected.ValueKind == JsonValueKind.Null)
        {
            var ex = Assert.Throws<ArgumentException>(() => Dispatch(input, op, c));
            if (op is "min" or "max")
            {
                Assert.That(ex!.Message, Does.StartWith($"zero-size array to reduction operation {(op == "min" ? "minimum" : "maximum")} which has no identity"));
            }
            else if (op is "argmin" or "argmax")
            {
                Assert.That(ex!.Message, Does.StartWith($"attempt to get {op} of an empty sequence"));
            }
            else if (c.TryGetProperty("message", out var msg))
            {
                Assert.That(ex!.Message, Does.StartWith(msg.GetString()!));
            }

            return;
        }

        object result = Dispatch(input, op, c);
        bool approx = ApproximateOps.Contains(op);
        if (result is ValueTuple<NdArray<long>, NdArray<double>> h)
        {
            Check(h.Item1, expected, approx: false, name);
            Check(h.Item2, c.GetProperty("edges"), approx: false, name + " (edges)");
        }
        else
        {
            double? tol = c.TryGetProperty("tol", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
            Check((NdArray)result, expected, approx, name, tol);
        }
    }

    private static object Dispatch(NdArray input, string op, JsonElement c) => input switch
    {
        NdArray<double> d => Run(d, op, c),
        NdArray<float> f => Run(f, op, c),
        NdArray<long> l => Run(l, op, c),
        NdArray<Half> h => Run(h, op, c),
        NdArray<int> i => Run(i, op, c),
        NdArray<short> i => Run(i, op, c),
        NdArray<sbyte> i => Run(i, op, c),
        NdArray<byte> b => Run(b, op, c),
        NdArray<ulong> u => Run(u, op, c),
        NdArray<uint> u => Run(u, op, c),
        NdArray<ushort> u => Run(u, op, c),
        NdArray<bool> b => Run(b, op, c),
        _ => throw new NotSupportedException(input.DType.ToString()),
    };

    private static object Run<T>(NdArray<T> a, string op, JsonElement c)
        where T : unmanaged
    {
        var args = c.GetProperty("args");
        int? axis = args.TryGetProperty("axis", out var ax) ? ax.GetInt32() : null;
        int ddof = args.TryGetProperty("ddof", out var dd) ? dd.GetInt32() : 0;
        bool keep = args.TryGetProperty("keepdims", out var kd) && kd.GetBoolean();
        double q = args.TryGetProperty("q", out var qq) ? BitConverter.Int64BitsToDouble(qq.GetInt64()) : 0;
        var method = args.TryGetProperty("method", out var mm) ? Enum.Parse<QuantileMethod>(mm.GetString()!, ignoreCase: true) : QuantileMethod.Linear;
        return op switch
        {
            "sum" => NdArray.Sum(a, axis, keep),
            "prod" => NdArray.Prod(a, axis, keep),
            "mean" => NdArray.Mean(a, axis, keep),
            "var" => NdArray.Var(a, axis, ddof, keep),
            "std" => NdArray.Std(a, axis, ddof, keep),
            "min" => NdArray.Min(a, axis, keep),
            "max" => NdArray.Max(a, axis, keep),
            "argmin" => NdArray.ArgMin(a, axis, keep),
            "argmax" => NdArray.ArgMax(a, axis, keep),
            "nansum" => NdArray.NanSum(a, axis, keep),
            "nanmean" => NdArray.NanMean(a, axis, keep),
            "nanvar" => NdArray.NanVar(a, axis, ddof, keep),
            "nanstd" => NdArray.NanStd(a, axis, ddof, keep),
            "nanmin" => NdArray.NanMin(a, axis, keep),
            "nanmax" => NdArray.NanMax(a, axis, keep),
            "any" => NdArray.Any(a, axis, keep),
            "all" => NdArray.All(a, axis, keep),
            "count_nonzero" => NdArray.CountNonzero(a, axis, keep),
            "cumsum" => NdArray.CumSum(a, axis),
            "cumprod" => NdArray.CumProd(a, axis),
            "quantile" => NdArray.Quantile(a, q, axis, method),
            "percentile" => NdArray.Percentile(a, q, axis, method),
            "median" => NdArray.Median(a, axis),
            "sort" => NdArray.Sort(a, axis ?? -1),
            "argsort" => NdArray.ArgSort(a, axis ?? -1, stable: true),
            "histogram" => args.TryGetProperty("range", out var rg)
                ? NdArray.Histogram(a, args.GetProperty("bins").GetInt32(), (Bits(rg[0]), Bits(rg[1])))
                : NdArray.Histogram(a, args.GetProperty("bins").GetInt32()),
            "histogram_edges" => NdArray.Histogram(a, args.GetProperty("edges").EnumerateArray().Select(Bits).ToArray()),
            "matmul" => NdArray.MatMul((NdArray<double>)(NdArray)a, (NdArray<double>)NumPyJsonFixture.Decode(c.GetProperty("other"))),
            "dot" => NdArray.Scalar(NdArray.Dot((NdArray<double>)(NdArray)a, (NdArray<double>)NumPyJsonFixture.Decode(c.GetProperty("other")))),
            _ => throw new NotSupportedException(op),
        };
    }

    private static double Bits(JsonElement e) => BitConverter.Int64BitsToDouble(e.GetInt64());

    private static void Check(NdArray actual, JsonElement expected, bool approx, string name, double? tol = null)
    {
        Assert.That(actual.DType.Descr, Is.EqualTo(expected.GetProperty("dtype").GetString()), $"{name}: dtype");
        var shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(shape), $"{name}: shape");
        if (expected.TryGetProperty("bits", out var bits))
        {
            var want = bits.EnumerateArray().Select(Bits).ToArray();
            var got = actual.AsType<double>().ToArray();
            for (int i = 0; i < want.Length; i++)
            {
                double w = want[i], g = got[i];
                if (double.IsNaN(w) || double.IsNaN(g) || double.IsInfinity(w) || !approx)
                {
                    Assert.That(g.Equals(w) && (w != 0 || double.IsNegative(w) == double.IsNegative(g) || approx), Is.True, $"{name}[{i}]: got {g:R}, NumPy {w:R}");
                }
                else
                {
                    Assert.That(Math.Abs(g - w), Is.LessThanOrEqualTo(tol ?? (1e-12 * Math.Max(1, Math.Abs(w)))), $"{name}[{i}]: got {g:R}, NumPy {w:R}");
                }
            }
        }
        else
        {
            var want = expected.GetProperty("ints").EnumerateArray().Select(e => e.GetString()).ToArray();
            string[] got = actual.DType.Kind == DTypeKind.UnsignedInteger
                ? actual.AsType<ulong>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray()
                : actual.AsType<long>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            Assert.That(got, Is.EqualTo(want), name);
        }
    }

    private static Dictionary<string, JsonElement> Load() => NumPyJsonFixture.LoadCases("reductions", "reductions.json");
}
