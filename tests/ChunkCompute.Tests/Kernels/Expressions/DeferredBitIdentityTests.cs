using System.Numerics;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Expressions;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Expressions;

/// <summary>
/// Deferred operator expressions give the eager operators' bits: seeded random trees of depth ≤ 4 over
/// <c>+ - * /</c> and unary <c>-</c> with scalars on either side, float and double, every length 0..256 with the
/// threshold lowered, and lengths crossing block (512 doubles / 1,024 floats) and thread boundaries; inputs include
/// NaN, ±Inf, ±0, subnormals and zeros to divide by. Named functions fed a deferred input fuse it and match too.
/// </summary>
[NonParallelizable] // changes the process-wide deferral threshold
public sealed class DeferredBitIdentityTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon, 1e308, -1e308, 1.0, -1.0, 3.0];

    /// <summary>A random expression: array leaves, scalars (never both operands of one node), unary minus and the four binary operators.</summary>
    private abstract record Expr;

    private sealed record Leaf(int Index) : Expr;

    private sealed record Scalar(double Value) : Expr;

    private sealed record Neg(Expr X) : Expr;

    private sealed record Bin(char Op, Expr X, Expr Y) : Expr;

    private static Expr Generate(Random rng, int depth, bool allowScalar = false)
    {
        if (depth == 0 || rng.Next(4) == 0)
        {
            return allowScalar && rng.Next(3) == 0 ? new Scalar(Value(rng)) : new Leaf(rng.Next(3));
        }

        if (rng.Next(5) == 0)
        {
            return new Neg(Generate(rng, depth - 1));
        }

        var x = Generate(rng, depth - 1, allowScalar: true);
        var y = Generate(rng, depth - 1, allowScalar: x is not Scalar);
        return new Bin("+-*/"[rng.Next(4)], x, y);
    }

    /// <summary>A root that is an operation (a bare leaf would not be an expression).</summary>
    private static Expr GenerateRoot(Random rng)
    {
        Expr e;
        do
        {
            e = Generate(rng, rng.Next(1, 5));
        }
        while (e is Leaf);

        return e;
    }

    private static double Value(Random rng) => rng.Next(8) == 0 ? Specials[rng.Next(Specials.Length)] : Math.Round((rng.NextDouble() * 20) - 10, rng.Next(0, 4));

    /// <summary>Builds <paramref name="e"/> with the C# operators, as user code would.</summary>
    private static NdArray<T> Build<T>(Expr e, NdArray<T>[] arrays)
        where T : unmanaged, IFloatingPointIeee754<T>
        => e switch
        {
            Leaf l => arrays[l.Index],
            Neg n => -Build(n.X, arrays),
            Bin { X: Scalar s } b => Apply(b.Op, T.CreateTruncating(s.Value), Build(b.Y, arrays)),
            Bin { Y: Scalar s } b => Apply(b.Op, Build(b.X, arrays), T.CreateTruncating(s.Value)),
            Bin b => Apply(b.Op, Build(b.X, arrays), Build(b.Y, arrays)),
            _ => throw new InvalidOperationException(),
        };

    private static NdArray<T> Apply<T>(char op, NdArray<T> x, NdArray<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
        => op switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => x / y };

    private static NdArray<T> Apply<T>(char op, NdArray<T> x, T y)
        where T : unmanaged, IFloatingPointIeee754<T>
        => op switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => x / y };

    private static NdArray<T> Apply<T>(char op, T x, NdArray<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
        => op switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => x / y };

    private static NdArray<T>[] Inputs<T>(Random rng, long length)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Enumerable.Range(0, 3).Select(_ => NdArray.FromArray(Enumerable.Range(0, (int)length).Select(_ => T.CreateTruncating(Value(rng))).ToArray())).ToArray();

    /// <summary>Eager and deferred results of one expression, with the deferred one checked to be deferred before use.</summary>
    private static void CheckOne<T>(Expr e, NdArray<T>[] inputs, string where)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = Deferral.Eager(() => Build(e, inputs));
        using (Deferral.From(1))
        {
            var actual = Build(e, inputs);
            Assert.That(actual.IsDeferred, Is.EqualTo(actual.Size > 0), $"{where}: deferred before use");
            NdAssert.AreBitwiseEqual(expected, actual, where);
            Assert.That(Deferral.StorageOf(actual)?.EvaluationCount ?? 0, Is.LessThanOrEqualTo(1));
        }
    }

    private static void Sweep<T>(int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        for (int length = 0; length <= 256; length++)
        {
            var inputs = Inputs<T>(rng, length);
            for (int t = 0; t < 3; t++)
            {
                var e = GenerateRoot(rng);
                CheckOne(e, inputs, $"{typeof(T).Name} length {length}, tree {e}");
            }
        }
    }

    [Test]
    public void RandomTreesDouble() => Sweep<double>(11);

    [Test]
    public void RandomTreesFloat() => Sweep<float>(12);

    /// <summary>Lengths around the block size and across threads (several parts forced by the ambient settings).</summary>
    [TestCase(511)]
    [TestCase(513)]
    [TestCase(1023)]
    [TestCase(1024)]
    [TestCase(1025)]
    [TestCase(2047)]
    [TestCase(2049)]
    [TestCase(4096 + 7)]
    [TestCase(70_001)]
    [TestCase(131_075)]
    public void LargeLengthsAcrossBlocksAndThreads(int length)
    {
        var rng = new Random(length);
        using var threads = ExecutionSettings.Use(new ExecutionSettings(3) { MinimumElementsPerTask = 2048 });
        var d = Inputs<double>(rng, length);
        var f = Inputs<float>(rng, length);
        for (int t = 0; t < 4; t++)
        {
            var e = GenerateRoot(rng);
            CheckOne(e, d, $"double length {length}, tree {e}");
            CheckOne(e, f, $"float length {length}, tree {e}");
        }
    }

    [Test]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var rng = new Random(5);
        var inputs = Inputs<double>(rng, 100_003);
        var e = new Bin('+', new Bin('*', new Leaf(0), new Leaf(1)), new Neg(new Bin('/', new Leaf(2), new Scalar(3))));
        using var on = Deferral.From(1);
        NdArray<double> one;
        using (ExecutionSettings.Use(ExecutionSettings.Sequential))
        {
            one = Build(e, inputs).Evaluate();
        }

        using (ExecutionSettings.Use(new ExecutionSettings(7) { MinimumElementsPerTask = 1000 }))
        {
            NdAssert.AreBitwiseEqual(one, Build(e, inputs).Evaluate());
        }
    }

    [Test]
    public void SpecialValuesAndDivisionByZero()
    {
        double[] v = [.. Specials, .. Specials.Reverse(), 0.0, -0.0, 2.0];
        var x = NdArray.FromArray(v.SelectMany(a => v.Select(_ => a)).ToArray());
        var y = NdArray.FromArray(v.SelectMany(_ => v).ToArray());
        NdArray<double>[] inputs = [x, y, x];
        Expr[] trees =
        [
            new Bin('/', new Leaf(0), new Leaf(1)),
            new Bin('-', new Leaf(0), new Leaf(1)),
            new Bin('+', new Bin('*', new Leaf(0), new Leaf(1)), new Leaf(0)),
            new Neg(new Bin('/', new Scalar(0.0), new Leaf(1))),
            new Bin('/', new Scalar(-0.0), new Neg(new Leaf(1))),
            new Bin('*', new Leaf(0), new Scalar(double.NaN)),
        ];
        foreach (var e in trees)
        {
            CheckOne(e, inputs, $"tree {e}");
            CheckOne(e, inputs.Select(a => a.AsType<float>()).ToArray(), $"float tree {e}");
        }
    }

    [Test]
    public void HypotExpressionAndMulAddAreDeferredFusedAndBitIdentical()
    {
        var rng = new NdRandom(7);
        var a = rng.Uniform([100_000], -5, 5);
        var b = rng.Uniform([100_000], -5, 5);
        var c = rng.Uniform([100_000], -5, 5);
        var hypot = Deferral.Eager(() => NdArray.Sqrt((a * a) + (b * b)));
        var mulAdd = Deferral.Eager(() => (a * b) + c);
        using var on = Deferral.From(1);

        var sum = (a * a) + (b * b);
        Assert.That(sum.IsDeferred);
        long before = DeferredStorage<double>.TotalEvaluations;
        var h = NdArray.Sqrt(sum);
        Assert.That(h.IsDeferred, Is.False, "named functions are eager");
        Assert.That(DeferredStorage<double>.TotalEvaluations, Is.EqualTo(before), "Sqrt fused its input instead of materialising it");
        Assert.That(sum.IsDeferred, "the fused input stays deferred");
        NdAssert.AreBitwiseEqual(hypot, h);

        var r = (a * b) + c;
        Assert.That(r.IsDeferred);
        NdAssert.AreBitwiseEqual(mulAdd, r);
        NdAssert.AreBitwiseEqual(mulAdd, r);
        Assert.That(Deferral.StorageOf(r)!.EvaluationCount, Is.EqualTo(1), "evaluated once");
    }

    /// <summary>Named unary and binary functions with deferred inputs (fused) against the eager computation, lengths 0..256.</summary>
    [Test]
    public void NamedFunctionsFuseDeferredInputs()
    {
        var rng = new Random(3);
        (string Name, Func<NdArray<double>, NdArray<double>, NdArray<double>> F)[] cases =
        [
            ("sqrt", (x, y) => NdArray.Sqrt(x * y)),
            ("exp", (x, y) => NdArray.Exp(x - y)),
            ("abs", (x, y) => NdArray.Abs(-x)),
            ("negative", (x, y) => NdArray.Negate(x / y)),
            ("add leaf", (x, y) => NdArray.Add(x * y, x)),
            ("add both", (x, y) => NdArray.Add(x * y, y - x)),
            ("subtract left leaf", (x, y) => NdArray.Subtract(y, x * 2.0)),
            ("multiply scalar", (x, y) => NdArray.Multiply(x + y, 2.5)),
            ("divide scalar left", (x, y) => NdArray.Divide(1.0, x + y)),
            ("hypot", (x, y) => NdArray.Hypot(x * 2.0, y)),
            ("maximum", (x, y) => NdArray.Maximum(x - y, y)),
            ("power", (x, y) => NdArray.Power(x * x, y)),
            ("untyped add", (x, y) => (NdArray<double>)NdArray.Add((NdArray)(x * y), (NdArray)y)),
        ];
        for (int length = 0; length <= 256; length++)
        {
            var inputs = Inputs<double>(rng, length);
            foreach (var (name, f) in cases)
            {
                var expected = Deferral.Eager(() => f(inputs[0], inputs[1]));
                using var on = Deferral.From(1);
                NdAssert.AreBitwiseEqual(expected, f(inputs[0], inputs[1]), $"{name}, length {length}");
            }
        }
    }

    [Test]
    public void FusedOutputsInPlaceAndOverlapping()
    {
        var rng = new Random(9);
        using var on = Deferral.From(1);
        for (int length = 2; length < 300; length += 37)
        {
            var inputs = Inputs<double>(rng, length);
            var a = inputs[0];
            var b = inputs[1];

            // out= a fresh array, and out= the leaf the other operand reads (in place).
            var expected = Deferral.Eager(() => NdArray.Add(b * 2.0, a));
            var o = NdArray.Zeros<double>(length);
            NdArray.Add(b * 2.0, a, @out: o);
            NdAssert.AreBitwiseEqual(expected, o, "fresh out");
            var a2 = a.Copy();
            NdArray.Add(b * 2.0, a2, @out: a2);
            NdAssert.AreBitwiseEqual(expected, a2, "out = other operand");

            // out= a leaf of the deferred input: its barrier evaluates the input first.
            var s = Deferral.Eager(() => NdArray.Sqrt(a * a));
            var a3 = a.Copy();
            NdArray.Sqrt(a3 * a3, @out: a3);
            NdAssert.AreBitwiseEqual(s, a3, "out = leaf of the deferred input");

            // out= overlapping the other operand at another offset: computed through the loop's temporary.
            var n = length - 1;
            var ov = Deferral.Eager(() => NdArray.Add(b["1:"] * 3.0, a["0:-1"]));
            var a4 = a.Copy();
            NdArray.Add(b["1:"] * 3.0, a4["0:-1"], @out: a4["1:"]);
            NdAssert.AreBitwiseEqual(ov, a4["1:"], "out overlapping the leaf");
            Assert.That(a4[0], Is.EqualTo(a[0]));
            Assert.That(n, Is.EqualTo(ov.Size));
        }
    }

    [Test]
    public void ReductionsOfDeferredResults()
    {
        var rng = new NdRandom(21);
        var a = rng.Uniform([50_001], -3, 3);
        var b = rng.Uniform([50_001], -3, 3);
        var eager = Deferral.Eager(() => (a * b) - 1.0);
        using var on = Deferral.From(1);
        var d = (a * b) - 1.0;
        Assert.That(d.Sum(), Is.EqualTo(eager.Sum()));
        Assert.That(d.Mean(), Is.EqualTo(eager.Mean()));
        Assert.That(d.Max(), Is.EqualTo(eager.Max()));
        Assert.That(MemoryMarshal.AsBytes(d.AsReadOnlySpan()).SequenceEqual(MemoryMarshal.AsBytes(eager.AsReadOnlySpan())));
    }
}
