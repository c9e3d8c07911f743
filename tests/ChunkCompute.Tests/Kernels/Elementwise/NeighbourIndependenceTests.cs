using ChunkCompute.Tests.TestSupport;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// An element's result does not depend on the other elements of its array: putting NaN, ±Inf, ±0, a subnormal, a
/// negative value or a huge one (beyond every vector kernel's reduction limit) into one slot leaves every other
/// slot's bits as they were. Kernels that sent a whole vector to a scalar fallback when one lane needed it
/// (<c>TensorPrimitives.Tan</c> on double beyond 2^23, the first <c>Hypot</c>) failed this: the fallback's bits
/// differ from the vector code's.
/// </summary>
[TestFixture]
public sealed class NeighbourIndependenceTests
{
    private static readonly string[] Unary =
        ["negative", "absolute", "sign", "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "tanh", "floor", "ceil", "round"];

    private static readonly string[] Binary = ["power", "hypot", "add", "multiply", "divide", "remainder", "floor_divide", "maximum", "minimum"];

    private static readonly double[] Specials =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 4.9e-324, -1.0, 1e7, 3e9, 1e300, -1e300];

    [TestCase("float64")]
    [TestCase("float32")]
    public void UnaryResultsDoNotDependOnNeighbours(string dtype)
    {
        var rng = new Random(5);
        var baseValues = Enumerable.Range(0, 64).Select(_ => (rng.NextDouble() * 20) - 10).ToArray();
        foreach (var op in Unary)
        {
            var baseline = Bits(NumPyUfunc.Apply(op, Make(dtype, baseValues)));
            Check(op, dtype, baseValues, baseline, x => NumPyUfunc.Apply(op, x));
        }
    }

    [TestCase("float64")]
    [TestCase("float32")]
    public void BinaryResultsDoNotDependOnNeighbours(string dtype)
    {
        var rng = new Random(6);
        var xs = Enumerable.Range(0, 64).Select(_ => 0.1 + (rng.NextDouble() * 10)).ToArray();
        var ys = Enumerable.Range(0, 64).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
        foreach (var op in Binary)
        {
            using var yArray = Make(dtype, ys);
            var baseline = Bits(NumPyUfunc.Apply(op, Make(dtype, xs), yArray));
            Check(op + "(x, y) x", dtype, xs, baseline, x => NumPyUfunc.Apply(op, x, yArray));
            using var xArray = Make(dtype, xs);
            Check(op + "(x, y) y", dtype, ys, baseline, y => NumPyUfunc.Apply(op, xArray, y));
        }
    }

    private static void Check(string what, string dtype, double[] values, ulong[] baseline, Func<NdArray, NdArray> apply)
    {
        foreach (double special in Specials)
        {
            foreach (int slot in new[] { 0, 1, 5, 7, 8, 15, 16, 31, 40, 63 })
            {
                var v = (double[])values.Clone();
                v[slot] = special;
                var bits = Bits(apply(Make(dtype, v)));
                for (int i = 0; i < v.Length; i++)
                {
                    if (i != slot && bits[i] != baseline[i])
                    {
                        Assert.Fail($"{what} {dtype}: element {i} ({values[i]:R}) changed from {baseline[i]:X} to {bits[i]:X} when slot {slot} held {special:R}");
                    }
                }
            }
        }
    }

    private static NdArray Make(string dtype, double[] v) =>
        dtype == "float64" ? NdArray.FromArray(v) : NdArray.FromArray(v.Select(d => (float)d).ToArray());

    private static ulong[] Bits(NdArray a) => a switch
    {
        NdArray<double> d => d.ToArray().Select(x => (ulong)BitConverter.DoubleToInt64Bits(x)).ToArray(),
        NdArray<float> f => f.ToArray().Select(x => (ulong)BitConverter.SingleToUInt32Bits(x)).ToArray(),
        _ => throw new ArgumentException(a.DType.Name),
    };
}
