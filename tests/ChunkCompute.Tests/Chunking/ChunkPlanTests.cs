using ChunkCompute;
using ChunkCompute.Chunking;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Chunking;

public class ChunkPlanTests
{
    [Test]
    public void ArraySplitMatchesDivmodRuleForEveryLengthAndSectionCount()
    {
        for (long length = 0; length <= 100; length++)
        {
            for (int sections = 1; sections <= 120; sections++)
            {
                var plan = ChunkPlan.ArraySplit(length, sections);
                long each = length / sections, extra = length % sections;
                Assert.That(plan.Count, Is.EqualTo(sections));
                Assert.That(plan.Length, Is.EqualTo(length));
                long expectedStart = 0;
                for (int k = 0; k < sections; k++)
                {
                    long expectedLength = each + (k < extra ? 1 : 0);
                    if (plan.Start(k) != expectedStart || plan.ChunkLength(k) != expectedLength)
                    {
                        Assert.Fail($"length {length}, sections {sections}, chunk {k}: got [{plan.Start(k)}, +{plan.ChunkLength(k)}), expected [{expectedStart}, +{expectedLength})");
                    }

                    for (long e = expectedStart; e < expectedStart + expectedLength; e++)
                    {
                        if (plan.ChunkOf(e) != k)
                        {
                            Assert.Fail($"length {length}, sections {sections}: ChunkOf({e}) = {plan.ChunkOf(e)}, expected {k}");
                        }
                    }

                    expectedStart += expectedLength;
                }

                Assert.That(expectedStart, Is.EqualTo(length));
            }
        }
    }

    [Test]
    public void TrailingChunksAreEmptyWhenSectionsExceedLength()
    {
        var plan = ChunkPlan.ArraySplit(3, 5);
        Assert.That(Enumerable.Range(0, 5).Select(plan.ChunkLength), Is.EqualTo(new long[] { 1, 1, 1, 0, 0 }));
        Assert.That(Enumerable.Range(0, 5).Select(plan.Start), Is.EqualTo(new long[] { 0, 1, 2, 3, 3 }));
    }

    [Test]
    public void SplitRequiresEqualDivision()
    {
        Assert.That(ChunkPlan.Split(12, 4).ChunkLength(3), Is.EqualTo(3));
        var ex = Assert.Throws<ArgumentException>(() => ChunkPlan.Split(10, 3));
        Assert.That(ex!.Message, Does.StartWith("array split does not result in an equal division"));
        Assert.That(ex.Message, Does.Contain("10").And.Contain("3"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void NonPositiveSectionsThrow(int sections)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.ArraySplit(10, sections));
        Assert.That(ex!.Message, Does.Contain("number of sections must be larger than 0"));
        Assert.That(ex.ParamName, Is.EqualTo("sections"));
    }

    [Test]
    public void NegativeLengthThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.ArraySplit(-1, 2));

    [Test]
    public void HugeLengthsUse64BitArithmetic()
    {
        long length = (1L << 40) + 7;
        var plan = ChunkPlan.ArraySplit(length, 1000);
        Assert.That(plan.Start(999) + plan.ChunkLength(999), Is.EqualTo(length));
        Assert.That(plan.ChunkOf(length - 1), Is.EqualTo(999));
        Assert.That(plan.ChunkOf(0), Is.EqualTo(0));
        var big = ChunkPlan.ArraySplit(long.MaxValue, int.MaxValue);
        Assert.That(big.Start(int.MaxValue - 1) + big.ChunkLength(int.MaxValue - 1), Is.EqualTo(long.MaxValue));
    }

    [Test]
    public void FromIndicesMatchesNumPyFixture()
    {
        var cases = Fixtures.Json("arrays", "array_split_indices.json");
        int n = 0;
        foreach (var c in cases.EnumerateArray())
        {
            long length = c.GetProperty("length").GetInt64();
            long[] indices = c.GetProperty("indices").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var plan = ChunkPlan.FromIndices(length, indices);
            var chunks = c.GetProperty("chunks").EnumerateArray().ToArray();
            Assert.That(plan.Count, Is.EqualTo(chunks.Length), $"length {length}, indices [{string.Join(", ", indices)}]");
            for (int k = 0; k < chunks.Length; k++)
            {
                var first = chunks[k][0];
                long expectedLength = chunks[k][1].GetInt64();
                Assert.That(plan.ChunkLength(k), Is.EqualTo(expectedLength), $"length {length}, indices [{string.Join(", ", indices)}], chunk {k}");
                if (expectedLength > 0)
                {
                    // arange(length) holds its index, so the first value is the start.
                    Assert.That(plan.Start(k), Is.EqualTo(first.GetInt64()), $"length {length}, indices [{string.Join(", ", indices)}], chunk {k}");
                }

                // An array split along those indices agrees with the plan.
                var a = NdArray.Arange<long>(length);
                var parts = a.ArraySplit(indices);
                Assert.That(parts[k].Size, Is.EqualTo(expectedLength));
                if (expectedLength > 0)
                {
                    Assert.That(parts[k][0], Is.EqualTo(first.GetInt64()));
                }
            }

            n++;
        }

        Assert.That(n, Is.GreaterThan(100));
    }

    [Test]
    public void FromIndicesLiveCrossCheckWithNumPy()
    {
        string output = Fixtures.RunNumPy("""
            import numpy as np
            for idx in ([3, 1, 7], [-2, 100], [0, -20, 5, 5]):
                print(' '.join(f'{p[0] if p.size else -1}:{p.size}' for p in np.array_split(np.arange(9), idx)))
            """);
        string[] lines = output.Trim().Split('\n');
        long[][] lists = [[3, 1, 7], [-2, 100], [0, -20, 5, 5]];
        for (int i = 0; i < lists.Length; i++)
        {
            var plan = ChunkPlan.FromIndices(9, lists[i]);
            string ours = string.Join(' ', Enumerable.Range(0, plan.Count).Select(k => $"{(plan.ChunkLength(k) > 0 ? plan.Start(k) : -1)}:{plan.ChunkLength(k)}"));
            Assert.That(ours, Is.EqualTo(lines[i].Trim()));
        }
    }

    [Test]
    public void FixedSizeChunks()
    {
        var plan = ChunkPlan.FixedSize(10, 4);
        Assert.That(Enumerable.Range(0, plan.Count).Select(plan.ChunkLength), Is.EqualTo(new long[] { 4, 4, 2 }));
        Assert.That(plan.ChunkOf(9), Is.EqualTo(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.FixedSize(10, 0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlan.FixedSize(long.MaxValue, 1));
        Assert.That(ex!.Message, Does.Contain("more than"));
    }

    [Test]
    public void OutOfRangeQueriesThrowNamingTheValues()
    {
        var plan = ChunkPlan.ArraySplit(10, 3);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => plan.Start(3))!.Message, Does.Contain("chunk index 3"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => plan.ChunkOf(10))!.Message, Does.Contain("element 10"));
        Assert.That(plan.ToString(), Is.EqualTo("ChunkPlan(length=10, chunks=3: 4, 3, 3)"));
    }
}
