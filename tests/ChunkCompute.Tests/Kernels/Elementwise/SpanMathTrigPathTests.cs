using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The paths of <see cref="SpanMath.Sin(ReadOnlySpan{double}, Span{double})"/> and Cos: compute-then-check blocks,
/// blocks redone lane by lane when a value is outside the vector range (|x| &gt; 1e5, NaN, ±Inf), in-place calls
/// (check first), streaming stores on large aligned and misaligned destinations. Every element must equal the same
/// function applied to that element alone (a one-element span takes the scalar route).
/// </summary>
public sealed class SpanMathTrigPathTests
{
    private static readonly double[] Specials = [1e6, -3e7, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e5, -1e5, 100000.00000000001, 0.0, -0.0, double.Epsilon];

    [Test]
    public void EveryLength0To300WithAndWithoutOutOfRangeValuesMatchesElementByElement()
    {
        var rnd = new Random(7);
        for (int n = 0; n <= 300; n++)
        {
            foreach (bool special in new[] { false, true })
            {
                var x = Data(rnd, n, special ? 3 : 0);
                Check(x, 0, $"n={n} special={special}");
            }
        }
    }

    [Test]
    public void LargeArraysWithStreamingStoresAlignedAndMisalignedInPlaceAndNot()
    {
        var rnd = new Random(11);
        const int n = 700_003; // 5.6 MB: above the streaming-store threshold; 342 blocks of 2048 and a short one
        var x = Data(rnd, n, 40);
        foreach (int offset in new[] { 0, 1, 3 })
        {
            Check(x, offset, $"offset={offset}");
        }
    }

    [Test]
    public void FloatPathsMatchElementByElement()
    {
        var rnd = new Random(5);
        foreach (int n in new[] { 0, 1, 7, 8, 15, 16, 17, 2047, 2048, 2049, 1_100_001 })
        {
            var x = Data(rnd, n, n / 50_000 + 2).Select(v => (float)v).ToArray();
            var sin = new float[n];
            var cos = new float[n];
            SpanMath.Sin(x, sin);
            SpanMath.Cos(x, cos);
            var one = new float[1];
            for (int i = 0; i < n; i += n > 5000 ? 97 : 1)
            {
                SpanMath.Sin(x.AsSpan(i, 1), one);
                Assert.That(BitConverter.SingleToInt32Bits(sin[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(one[0])), $"sin n={n} i={i} x={x[i]}");
                SpanMath.Cos(x.AsSpan(i, 1), one);
                Assert.That(BitConverter.SingleToInt32Bits(cos[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(one[0])), $"cos n={n} i={i} x={x[i]}");
            }

            var inPlace = (float[])x.Clone();
            SpanMath.Sin(inPlace, inPlace);
            Assert.That(inPlace, Is.EqualTo(sin), $"in-place sin n={n}");
        }
    }

    private static double[] Data(Random rnd, int n, int specials)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (rnd.NextDouble() * 200) - 100;
        }

        for (int k = 0; k < specials && n > 0; k++)
        {
            x[rnd.Next(n)] = Specials[rnd.Next(Specials.Length)];
        }

        return x;
    }

    private static void Check(double[] x, int offset, string what)
    {
        int n = x.Length;
        var sinBuf = new double[n + offset];
        var cosBuf = new double[n + offset];
        var sin = sinBuf.AsSpan(offset, n);
        var cos = cosBuf.AsSpan(offset, n);
        SpanMath.Sin(x, sin);
        SpanMath.Cos(x, cos);
        var one = new double[1];
        int step = n > 5000 ? 13 : 1;
        for (int i = 0; i < n; i += step)
        {
            SpanMath.Sin(x.AsSpan(i, 1), one);
            Assert.That(BitConverter.DoubleToInt64Bits(sin[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(one[0])), $"sin {what} i={i} x={x[i]}");
            SpanMath.Cos(x.AsSpan(i, 1), one);
            Assert.That(BitConverter.DoubleToInt64Bits(cos[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(one[0])), $"cos {what} i={i} x={x[i]}");
        }

        // Every out-of-range element is checked, wherever the stride lands.
        for (int i = 0; i < n; i++)
        {
            if (!(System.Math.Abs(x[i]) <= 1e5))
            {
                Assert.That(sin[i], Is.EqualTo(System.Math.Sin(x[i])), $"sin {what} out-of-range i={i} x={x[i]}");
                Assert.That(cos[i], Is.EqualTo(System.Math.Cos(x[i])), $"cos {what} out-of-range i={i} x={x[i]}");
            }
        }

        var inPlace = (double[])x.Clone();
        SpanMath.Sin(inPlace, inPlace);
        Assert.That(inPlace, Is.EqualTo(sin.ToArray()), $"in-place sin {what}");
    }
}
