namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The C# comparison operators of <see cref="NdArray{T}"/> (<c>&lt; &lt;= &gt; &gt;=</c>): array–array,
/// array–scalar on both sides, broadcasting, NaN, every length 0..256 against a scalar reference; <c>==</c> stays
/// reference equality.
/// </summary>
public sealed class ComparisonOperatorTests
{
    [Test]
    public void EveryLength0To256MatchesScalarComparisons()
    {
        var rng = new Random(11);
        for (int n = 0; n <= 256; n++)
        {
            // Few distinct values so that equality is frequent; a NaN now and then.
            var x = Enumerable.Range(0, n).Select(_ => rng.Next(10) == 0 ? double.NaN : rng.Next(-3, 4) * 0.5).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.Next(10) == 0 ? double.NaN : rng.Next(-3, 4) * 0.5).ToArray();
            var a = NdArray.FromArray(x, n);
            var b = NdArray.FromArray(y, n);
            Check(a < b, x, y, (p, q) => p < q, n, "<");
            Check(a <= b, x, y, (p, q) => p <= q, n, "<=");
            Check(a > b, x, y, (p, q) => p > q, n, ">");
            Check(a >= b, x, y, (p, q) => p >= q, n, ">=");
            Check(a < 0.5, x, Enumerable.Repeat(0.5, n).ToArray(), (p, q) => p < q, n, "< scalar");
            Check(0.5 < a, Enumerable.Repeat(0.5, n).ToArray(), x, (p, q) => p < q, n, "scalar <");
            Check(a >= 0.0, x, new double[n], (p, q) => p >= q, n, ">= scalar");
            Check(0.0 >= a, new double[n], x, (p, q) => p >= q, n, "scalar >=");
            Check(a <= -1.0, x, Enumerable.Repeat(-1.0, n).ToArray(), (p, q) => p <= q, n, "<= scalar");
            Check(-1.0 > a, Enumerable.Repeat(-1.0, n).ToArray(), x, (p, q) => p > q, n, "scalar >");
        }
    }

    private static void Check(NdArray<bool> r, double[] x, double[] y, Func<double, double, bool> reference, int n, string op)
    {
        Assert.That(r.Shape.ToArray(), Is.EqualTo(new long[] { n }), $"{op} n={n}");
        var got = r.ToArray();
        for (int i = 0; i < n; i++)
        {
            if (got[i] != reference(x[i], y[i]))
            {
                Assert.Fail($"{op} n={n} i={i}: {x[i]} vs {y[i]} gave {got[i]}");
            }
        }
    }

    [Test]
    public void IntegersBoolsAndBroadcasting()
    {
        var m = NdArray.Arange<int>(6).Reshape(2, 3);
        var row = NdArray.FromArray(new[] { 1, 4, 2 }, 3);
        Assert.That((m < row).ToArray(), Is.EqualTo(new[] { true, true, false, false, false, false }));
        Assert.That((m >= row).ToArray(), Is.EqualTo(new[] { false, false, true, true, true, true }));
        Assert.That((m > row).Shape.ToArray(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That((3 <= m).ToArray(), Is.EqualTo(new[] { false, false, false, true, true, true }));
        Assert.That((m > int.MaxValue).ToArray(), Is.All.False);

        // uint64 values above long.MaxValue compare as unsigned.
        var u = NdArray.FromArray(new[] { 0UL, ulong.MaxValue }, 2);
        Assert.That((u > 1UL << 63).ToArray(), Is.EqualTo(new[] { false, true }));

        // Bools compare as 0 and 1 (NumPy: False < True).
        var t = NdArray.FromArray(new[] { false, true, true }, 3);
        var f = NdArray.FromArray(new[] { false, false, true }, 3);
        Assert.That((f < t).ToArray(), Is.EqualTo(new[] { false, true, false }));
        Assert.That((t >= true).ToArray(), Is.EqualTo(new[] { false, true, true }));

        Assert.That(() => m < NdArray.Arange<int>(2), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (2,3) (2,) "));
    }

    [Test]
    public void OperatorsEqualTheNamedMethodsOnStridedViews()
    {
        var a = new NdRandom(3).Uniform([7, 9], -1, 1);
        var b = new NdRandom(4).Uniform([9, 7], -1, 1).T["::-1, ::2"];
        var av = a["::-1, ::2"];
        Assert.That((av < b).ArrayEquals(NdArray.Less(av.Copy(), b.Copy())));
        Assert.That((av <= b).ArrayEquals(NdArray.LessEqual(av.Copy(), b.Copy())));
        Assert.That((av > b).ArrayEquals(NdArray.Greater(av.Copy(), b.Copy())));
        Assert.That((av >= b).ArrayEquals(NdArray.GreaterEqual(av.Copy(), b.Copy())));
    }

    [Test]
    public void EqualityOperatorsStayReferenceEquality()
    {
        var a = NdArray.Zeros<double>(3);
        var b = NdArray.Zeros<double>(3);
        object sameAsA = a;
        Assert.That(a == b, Is.False, "distinct arrays with equal elements are different references");
        Assert.That(a != b, Is.True);
        Assert.That(a == (NdArray<double>)sameAsA, Is.True);
        Assert.That(a.ArrayEquals(b), Is.True, "elementwise equality goes through ArrayEquals / NdArray.Equal");
    }
}
