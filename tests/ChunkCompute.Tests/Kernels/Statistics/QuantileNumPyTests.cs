using System.Globalization;
using System.Text.Json;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Statistics;

/// <summary>
/// Quantile and Percentile against NumPy 1.24 (<c>Fixtures/quantiles/make_fixtures.py</c>): the five methods, q as a
/// scalar or a list (sorted, unsorted, repeated, empty), whole array and along axes with keepdims, float64/32/16,
/// int64/32/8, uint8 and bool inputs, ties, NaN and ±inf. Result dtype, shape and every bit must match; where NumPy
/// raises, we throw.
/// </summary>
public sealed class QuantileNumPyTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(Load);

    public static IEnumerable<string> CaseNames() => Cases.Value.Keys;

    [TestCaseSource(nameof(CaseNames))]
    public void MatchesNumPy(string name)
    {
        var c = Cases.Value[name];
        var input = NumPyJsonFixture.Decode(c.GetProperty("input"));
        if (c.TryGetProperty("error", out _))
        {
            Assert.That(() => Run(input, c), Throws.InstanceOf<ArgumentException>(), name);
            return;
        }

        var result = Run(input, c);
        var expected = c.GetProperty("expected");
        Assert.That(result.DType.Descr, Is.EqualTo(expected.GetProperty("dtype").GetString()), $"{name}: dtype");
        Assert.That(result.Shape.ToArray(), Is.EqualTo(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray()), $"{name}: shape");
        if (expected.TryGetProperty("bits", out var bits))
        {
            var want = bits.EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var got = result.AsType<double>().ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
            for (int i = 0; i < want.Length; i++)
            {
                double w = BitConverter.Int64BitsToDouble(want[i]), g = BitConverter.Int64BitsToDouble(got[i]);
                Assert.That(got[i] == want[i] || (double.IsNaN(w) && double.IsNaN(g)), Is.True, $"{name}[{i}]: got {g:R}, NumPy {w:R}");
            }
        }
        else
        {
            var want = expected.GetProperty("ints").EnumerateArray().Select(e => e.GetString()).ToArray();
            string[] got = result.DType.Kind == DTypeKind.UnsignedInteger
                ? result.AsType<ulong>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray()
                : result.AsType<long>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            Assert.That(got, Is.EqualTo(want), name);
        }
    }

    /// <summary>Each entry of a several-q result equals the single-q call, bit for bit, on random data and axes.</summary>
    [Test]
    public void SeveralQuantilesEqualOneAtATime()
    {
        var rng = new Random(99);
        var methods = Enum.GetValues<QuantileMethod>();
        for (int trial = 0; trial < 60; trial++)
        {
            long[] shape = [rng.Next(1, 6), rng.Next(1, 40)];
            var data = Enumerable.Range(0, (int)(shape[0] * shape[1])).Select(_ => (double)rng.Next(-20, 20) / 4).ToArray();
            var a = NdArray.FromArray(data, shape);
            var qs = Enumerable.Range(0, rng.Next(0, 9)).Select(_ => rng.Next(3) == 0 ? rng.Next(0, 5) / 4.0 : rng.NextDouble()).ToArray();
            int? axis = (trial % 3) switch { 0 => null, 1 => 0, _ => -1 };
            var method = methods[trial % methods.Length];
            var all = (NdArray<double>)NdArray.Quantile(a, qs, axis, method);
            for (int j = 0; j < qs.Length; j++)
            {
                var one = ((NdArray<double>)NdArray.Quantile(a, qs[j], axis, method)).ToArray();
                var row = all[j.ToString(CultureInfo.InvariantCulture)].ToArray();
                Assert.That(row.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(one.Select(BitConverter.DoubleToInt64Bits)), $"trial {trial} q={qs[j]} {method} axis={axis}");
            }

            // Percentiles are quantiles of q / 100.
            var pct = (NdArray<double>)NdArray.Percentile(a, qs.Select(q => q * 100).ToArray(), axis, method);
            Assert.That(pct.Shape.ToArray(), Is.EqualTo(all.Shape.ToArray()));
        }
    }

    [Test]
    public void InputIsNotModifiedAndErrorsNameTheValue()
    {
        var data = new[] { 5.0, 1, 4, 2, 3 };
        var a = NdArray.FromArray((double[])data.Clone());
        NdArray.Quantile(a, [0.1, 0.9]);
        NdArray.Median(a);
        Assert.That(a.ToArray(), Is.EqualTo(data), "quantiles work on a private copy");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Quantile(a, [0.5, 1.5]));
        Assert.That(ex!.Message, Does.StartWith("Quantiles must be in the range [0, 1], got 1.5 at index 1"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Percentile(a, [double.NaN]));
        Assert.That(ex!.Message, Does.StartWith("Percentiles must be in the range [0, 100], got NaN"));
        Assert.That(() => NdArray.Quantile(NdArray.Zeros<double>(0, 0), 0.5, axis: 0), Throws.ArgumentException.With.Message.Contains("empty slice"));
    }

    private static NdArray Run(NdArray input, JsonElement c) => input switch
    {
        NdArray<double> d => Run(d, c),
        NdArray<float> f => Run(f, c),
        NdArray<Half> h => Run(h, c),
        NdArray<long> l => Run(l, c),
        NdArray<int> i => Run(i, c),
        NdArray<sbyte> s => Run(s, c),
        NdArray<byte> b => Run(b, c),
        NdArray<bool> b => Run(b, c),
        _ => throw new NotSupportedException(input.DType.ToString()),
    };

    private static NdArray Run<T>(NdArray<T> a, JsonElement c)
        where T : unmanaged
    {
        var args = c.GetProperty("args");
        int? axis = args.TryGetProperty("axis", out var ax) ? ax.GetInt32() : null;
        bool keep = args.TryGetProperty("keepdims", out var kd) && kd.GetBoolean();
        var method = args.TryGetProperty("method", out var mm) ? Enum.Parse<QuantileMethod>(mm.GetString()!, ignoreCase: true) : QuantileMethod.Linear;
        var q = c.GetProperty("q").EnumerateArray().Select(e => BitConverter.Int64BitsToDouble(e.GetInt64())).ToArray();
        bool percentile = c.GetProperty("fn").GetString() == "percentile";
        if (c.GetProperty("scalar").GetBoolean())
        {
            return percentile ? NdArray.Percentile(a, q[0], axis, method, keep) : NdArray.Quantile(a, q[0], axis, method, keep);
        }

        return percentile ? NdArray.Percentile(a, q, axis, method, keep) : NdArray.Quantile(a, q, axis, method, keep);
    }

    private static Dictionary<string, JsonElement> Load() => NumPyJsonFixture.LoadCases("quantiles", "quantiles.json");
}
