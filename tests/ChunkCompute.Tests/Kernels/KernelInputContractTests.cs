using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels;

/// <summary>
/// Bad or extreme input gets a clear exception of the same type whatever the thread count or array size, never a
/// raw overflow, a wrapped <see cref="AggregateException"/> or silent acceptance.
/// </summary>
public class KernelInputContractTests
{
    private static readonly ExecutionSettings TwoSteps = new(2) { MinimumElementsPerTask = 1 };

    private readonly struct FailingStep : IRangeAction
    {
        public void Invoke(long start, long end)
        {
            if (start > 0)
            {
                throw new InvalidOperationException($"step at {start} failed");
            }
        }
    }

    [Test]
    public void AStepsExceptionIsThrownAsItselfWhateverTheStepCount()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ParallelRange.For(8, new FailingStep(), new ExecutionSettings(4) { MinimumElementsPerTask = 1 }));
        Assert.That(e!.Message, Does.StartWith("step at "));
    }

    [Test]
    public void DisposedOperandsThrowObjectDisposedWhateverTheSizeOrThreads([Values(10, 1_000_000)] int n)
    {
        var d = NdArray.Ones<double>(n);
        using var view = d["2:5"];
        d.Dispose();
        Assert.That(d.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => NdArray.Dot(d, d, ExecutionSettings.Sequential));
        Assert.Throws<ObjectDisposedException>(() => NdArray.Dot(d, d, TwoSteps));
        Assert.Throws<ObjectDisposedException>(() => d.Sum(TwoSteps));
        Assert.Throws<ObjectDisposedException>(() => NdArray.Sqrt(view));
        using var x = NdArray.Ones<double>(3);
        Assert.Throws<ObjectDisposedException>(() => NdArray.Add(x, x, view));
    }

    [Test]
    public void HistogramWithMoreBinsThanAnArrayHoldsNamesBins()
    {
        using var a = NdArray.FromArray([1.0, 2.0]);
        var e = Assert.Throws<ArgumentException>(() => NdArray.Histogram(a, int.MaxValue));
        Assert.That(e!.ParamName, Is.EqualTo("bins"));
        Assert.That(e.Message, Does.Contain("`bins` = 2147483647 is too many"));
    }

    /// <summary>NumPy: a factor 10^400 is inf, so 1.5 rounded to -400 decimals is 0 · inf = NaN; int.MinValue likewise, without an overflow.</summary>
    [Test]
    public void RoundWithExtremeDecimalsFollowsTheFactorsArithmetic()
    {
        using var a = NdArray.FromArray([1.5, 0.0]);
        Assert.That(NdArray.Round(a, -400).ToArray(), Is.EqualTo(new[] { double.NaN, double.NaN }));
        Assert.That(NdArray.Round(a, int.MinValue).ToArray(), Is.EqualTo(new[] { double.NaN, double.NaN }));
        Assert.That(NdArray.Round(a, int.MaxValue).ToArray(), Is.EqualTo(NdArray.Round(a, 400).ToArray()));
        using var i = NdArray.FromArray([15, 25]);
        Assert.DoesNotThrow(() => NdArray.Round((NdArray)i, int.MinValue).Dispose());
    }

    [Test]
    public void ReshapeWhoseProductOverflowsGetsNumPysMessage()
    {
        using var a = NdArray.Arange<double>(6);
        var e = Assert.Throws<ArgumentException>(() => a.Reshape(long.MaxValue, 2));
        Assert.That(e!.Message, Does.StartWith("cannot reshape array of size 6 into shape (9223372036854775807, 2)"));
        Assert.Throws<ArgumentException>(() => a.Reshape(long.MaxValue, long.MaxValue, -1));
        using var empty = NdArray.Zeros<double>(0);
        Assert.Throws<ArgumentException>(() => empty.Reshape(long.MaxValue, 2, 0)); // NumPy: cannot reshape array of size 0 into shape (...)
    }

    [Test]
    public void UndefinedQuantileMethodIsRejected()
    {
        using var a = NdArray.FromArray([1.0, 2, 3, 4]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Quantile(a, 0.5, method: (QuantileMethod)99));
        Assert.That(e!.ParamName, Is.EqualTo("method"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Percentile(a, [50.0], method: (QuantileMethod)(-1)));
    }

    /// <summary>Settings asking for far more steps than are useful only cap threads: the exact selection stays exact.</summary>
    [Test]
    public void SelectionsUnderExtremeSettingsStayExact()
    {
        var extreme = new ExecutionSettings(65_536) { MinimumElementsPerTask = 1 };
        using var a = NdArray.Arange<double>(60_000);
        Assert.That(((NdArray<double>)NdArray.Median(a, null, false, extreme)).ToScalar(), Is.EqualTo(29_999.5));
        Assert.That(((NdArray<double>)NdArray.Quantile(a, [0.0, 1.0], settings: extreme)).ToArray(), Is.EqualTo(new[] { 0.0, 59_999.0 }));
        var (counts, edges) = NdArray.Histogram(a, 4, settings: extreme);
        using (counts)
        using (edges)
        {
            Assert.That(counts.ToArray(), Is.EqualTo(new long[] { 15_000, 15_000, 15_000, 15_000 }));
        }
    }

    /// <summary>One sorted run must fit a span; the array may be larger. The check comes before any copy.</summary>
    [Test]
    public void SortingARunLongerThanAnArrayHoldsIsRejectedUpFront()
    {
        using var one = NdArray.Ones<byte>(1);
        using var huge = Broadcasting.BroadcastTo(one, 2_200_000_000L);
        var e = Assert.Throws<ArgumentException>(() => NdArray.Sort(huge, null));
        Assert.That(e!.Message, Does.StartWith("cannot sort a run of 2200000000 elements"));
        Assert.Throws<ArgumentException>(() => NdArray.ArgSort(huge));
    }

    /// <summary>A read-only <c>out</c> (a broadcast view) gets NumPy's ufunc message.</summary>
    [Test]
    public void ReadOnlyOutputGetsNumPysMessage()
    {
        using var one = NdArray.Zeros<double>(1);
        using var broadcast = Broadcasting.BroadcastTo(one, 4);
        using var x = NdArray.Ones<double>(4);
        var e = Assert.Throws<InvalidOperationException>(() => NdArray.Add(x, x, broadcast));
        Assert.That(e!.Message, Is.EqualTo("output array is read-only"));
        Assert.Throws<InvalidOperationException>(() => NdArray.Sqrt((NdArray)x, broadcast));
    }
}
