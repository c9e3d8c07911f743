using ChunkCompute.Execution;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>
/// Whole-array Min/Max/NanMin/NanMax fold one span per 262,144-element super-block (the operators are grouping-free)
/// instead of the 4,096-element block tree. The contract stays: the scalar reference's bits — the first NaN in
/// array order with its payload, -0 below +0 — for every thread count, at lengths around the super-block edges.
/// </summary>
[TestFixture]
public sealed class GroupingFreeReductionTests
{
    private const int SuperBlock = 262_144;

    private static readonly int[] Lengths = [1, 17, 4096, 4097, SuperBlock - 1, SuperBlock, SuperBlock + 1, (3 * SuperBlock) + 5];

    private static readonly ExecutionSettings[] Settings =
    [
        ExecutionSettings.Sequential,
        new ExecutionSettings(2) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(3) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(7) { MinimumElementsPerTask = 1 },
        new ExecutionSettings(16) { MinimumElementsPerTask = 1 },
    ];

    [Test]
    public void IntegersMatchTheScalarFoldForEveryThreadCount()
    {
        var rng = new Random(11);
        foreach (int n in Lengths)
        {
            var bytes = new byte[n];
            var ints = new int[n];
            for (int i = 0; i < n; i++)
            {
                bytes[i] = (byte)rng.Next(1, 200);
                ints[i] = rng.Next(-1_000_000, 1_000_000);
            }

            // The extremes sit in the last super-block (or at the very end), where a lost partial would show.
            bytes[n - 1] = 255;
            ints[n / 2] = int.MinValue;
            using var b = NdArray.FromArray(bytes);
            using var a = NdArray.FromArray(ints);
            foreach (var s in Settings)
            {
                Assert.That(b.Max(s), Is.EqualTo((byte)255), $"n={n} dop={s.MaxDegreeOfParallelism}");
                Assert.That(b.Min(s), Is.EqualTo(bytes.Min()), $"n={n} dop={s.MaxDegreeOfParallelism}");
                Assert.That(a.Min(s), Is.EqualTo(int.MinValue), $"n={n} dop={s.MaxDegreeOfParallelism}");
                Assert.That(a.Max(s), Is.EqualTo(ints.Max()), $"n={n} dop={s.MaxDegreeOfParallelism}");
            }
        }
    }

    [Test]
    public void FloatsKeepTheFirstNaNAndTheZeroOrderForEveryThreadCount()
    {
        var rng = new Random(12);
        foreach (int n in Lengths)
        {
            var xs = new double[n];
            for (int i = 0; i < n; i++)
            {
                xs[i] = rng.NextDouble() - 0.5;
            }

            // Zeros only: -0 is the minimum, +0 the maximum, wherever they sit.
            var zeros = new double[n];
            for (int i = 0; i < n; i++)
            {
                zeros[i] = i % 3 == 1 ? -0.0 : 0.0;
            }

            using var z = NdArray.FromArray(zeros);
            foreach (var s in Settings)
            {
                Assert.That(double.IsNegative(z.Min(s)) && z.Min(s) == 0, Is.EqualTo(n > 1), $"n={n}");
                Assert.That(double.IsNegative(z.Max(s)), Is.False, $"n={n}");
            }

            // NaNs with distinct payloads: the first one in array order is the answer, its bits included.
            double first = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0123);
            double later = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0456);
            int at = n == 1 ? 0 : rng.Next(0, n - 1);
            xs[at] = first;
            if (at + 1 < n)
            {
                xs[n - 1] = later;
            }

            using var a = NdArray.FromArray(xs);
            var finite = xs.Where(v => !double.IsNaN(v)).ToArray();
            foreach (var s in Settings)
            {
                string where = $"n={n} NaN at {at} dop={s.MaxDegreeOfParallelism}";
                Assert.That(BitConverter.DoubleToInt64Bits(a.Max(s)), Is.EqualTo(BitConverter.DoubleToInt64Bits(first)), where);
                Assert.That(BitConverter.DoubleToInt64Bits(a.Min(s)), Is.EqualTo(BitConverter.DoubleToInt64Bits(first)), where);
                if (finite.Length > 0)
                {
                    Assert.That(a.NanMax(s), Is.EqualTo(finite.Max()), where);
                    Assert.That(a.NanMin(s), Is.EqualTo(finite.Min()), where);
                }
                else
                {
                    Assert.That(double.IsNaN(a.NanMax(s)), where);
                }
            }

            using var f = a.AsType<float>();
            foreach (var s in Settings)
            {
                Assert.That(float.IsNaN(f.Max(s)) && float.IsNaN(f.Min(s)), $"float n={n}");
            }
        }
    }

    [Test]
    public void HalfFoldsInOrder()
    {
        // No vector path: the scalar fold per span, partials combined left to right.
        var xs = new Half[SuperBlock + 9];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = (Half)((i % 1000) - 500);
        }

        xs[SuperBlock + 3] = (Half)600;
        using var a = NdArray.FromArray(xs);
        foreach (var s in Settings)
        {
            Assert.That(a.Max(s), Is.EqualTo((Half)600));
            Assert.That(a.Min(s), Is.EqualTo((Half)(-500)));
        }
    }
}
