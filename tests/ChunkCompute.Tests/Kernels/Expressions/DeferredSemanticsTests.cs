using System.Runtime.CompilerServices;
using ChunkCompute.Kernels.Expressions;
using ChunkCompute.Storage;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.Expressions;

/// <summary>
/// NumPy's eager semantics under deferral: the write barrier on inputs (indexer, Fill, CopyTo, out=, in-place named
/// ops, raw spans, Dispose), exposure (raw access, wrapped and mapped arrays stay eager), evaluation once under
/// concurrent readers, views, disposal of unevaluated results, errors at operator time, the node cap, and the
/// threshold's default.
/// </summary>
[NonParallelizable] // changes the process-wide deferral threshold
public sealed class DeferredSemanticsTests
{
    private Deferral _deferral = null!;

    [SetUp]
    public void LowerThreshold() => _deferral = Deferral.From(1);

    [TearDown]
    public void RestoreThreshold() => _deferral.Dispose();

    private static NdArray<double> Data(long n, ulong seed = 1) => new NdRandom(seed).Uniform([n], -4, 4);

    /// <summary>Writes or releases the array under test; each case must leave a deferred <c>a * 2 + 1</c> built before it with the old values.</summary>
    public static IEnumerable<TestCaseData> Writes()
    {
        yield return new TestCaseData(new Action<NdArray<double>>(a => a[0] = 99)).SetArgDisplayNames("indexer");
        yield return new TestCaseData(new Action<NdArray<double>>(a => a.Fill(3))).SetArgDisplayNames("Fill");
        yield return new TestCaseData(new Action<NdArray<double>>(a => Data(a.Size, 5).CopyTo(a))).SetArgDisplayNames("CopyTo");
        yield return new TestCaseData(new Action<NdArray<double>>(a => NdArray.Add(Data(a.Size, 6), Data(a.Size, 7), @out: a))).SetArgDisplayNames("out=");
        yield return new TestCaseData(new Action<NdArray<double>>(a => NdArray.Negate(a, @out: a))).SetArgDisplayNames("in-place named op");
        yield return new TestCaseData(new Action<NdArray<double>>(a => NdArray.Add(a * 3.0, 1.0, @out: a))).SetArgDisplayNames("fused out= itself");
        yield return new TestCaseData(new Action<NdArray<double>>(a => a["2:9"].Fill(-1))).SetArgDisplayNames("view Fill");
        yield return new TestCaseData(new Action<NdArray<double>>(a => a.AsSpan()[1] = 5)).SetArgDisplayNames("AsSpan");
        yield return new TestCaseData(new Action<NdArray<double>>(a => a.Storage.GetSpan(0, 2)[1] = 5)).SetArgDisplayNames("Storage.GetSpan");
        yield return new TestCaseData(new Action<NdArray<double>>(a => a.Dispose())).SetArgDisplayNames("Dispose");
    }

    [TestCaseSource(nameof(Writes))]
    public void WritesAfterBuildLeaveTheResultOld(Action<NdArray<double>> write)
    {
        foreach (long n in new long[] { 1000, 1L << 20 })
        {
            var a = Data(n);
            var expected = Deferral.Eager(() => (a * 2.0) + 1.0);
            var t = (a * 2.0) + 1.0;
            var u = -a; // a second pending reader of the same input
            Assert.That(t.IsDeferred && u.IsDeferred);
            write(a);
            Assert.That(t.IsDeferred || u.IsDeferred, Is.False, "the barrier evaluated the readers");
            NdAssert.AreBitwiseEqual(expected, t, $"n={n}");
            Assert.That(u[1], Is.EqualTo(-expected[1] / 2 + 0.5).Within(1e-12));
        }
    }

    [Test]
    public void WriteToAnInlinedOperandsInputLeavesBothOld()
    {
        var a = Data(500);
        var b = Data(500, 2);
        var t = a * b;
        var u = t + a; // t inlined
        var et = Deferral.Eager(() => a * b);
        var eu = Deferral.Eager(() => (a * b) + a);
        b.Fill(0);
        NdAssert.AreBitwiseEqual(eu, u);
        NdAssert.AreBitwiseEqual(et, t);
    }

    [Test]
    public void ReadingAnInputKeepsItsReadersPending()
    {
        var a = Data(500);
        var t = a - 1.0;
        double first = a[0];
        double sum = a.Sum();
        _ = NdArray.Exp(a);
        _ = a.Copy();
        _ = a.AsReadOnlySpan();
        Assert.That(t.IsDeferred, "reads need no barrier");
        Assert.That(t[0], Is.EqualTo(first - 1.0));
        Assert.That(sum, Is.EqualTo(a.Sum()));
    }

    public static IEnumerable<TestCaseData> Exposures()
    {
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.AsSpan())).SetArgDisplayNames("AsSpan");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.TryGetSpan(out _))).SetArgDisplayNames("TryGetSpan");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.AsMemory())).SetArgDisplayNames("AsMemory");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.DangerousGetReference())).SetArgDisplayNames("DangerousGetReference");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.Storage.DangerousGetReference())).SetArgDisplayNames("Storage.DangerousGetReference");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.Storage.GetSpan(0, 1))).SetArgDisplayNames("Storage.GetSpan");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a.Storage.GetMemory(0, 1))).SetArgDisplayNames("Storage.GetMemory");
        yield return new TestCaseData(new Action<NdArray<double>>(a => _ = a["3:"].AsSpan())).SetArgDisplayNames("a view's AsSpan");
    }

    [TestCaseSource(nameof(Exposures))]
    public void ExposedInputsAreEvaluatedEagerly(Action<NdArray<double>> expose)
    {
        var a = Data(100);
        expose(a);
        Assert.That(a.Storage.IsExposed);
        var t = a * 2.0;
        Assert.That(t.IsDeferred, Is.False);
        Assert.That((Data(100) + a).IsDeferred, Is.False, "either operand exposed");
        Assert.That(a[..5].IsDeferred, Is.False);
    }

    [Test]
    public void ReadOnlyAccessDoesNotExpose()
    {
        var a = Data(100);
        _ = a.AsReadOnlySpan();
        _ = a.TryGetReadOnlySpan(out _);
        _ = a.AsReadOnlyMemory();
        _ = a[3];
        _ = a.ToString();
        Assert.That(a.Storage.IsExposed, Is.False);
        Assert.That((a * 2.0).IsDeferred);
    }

    [Test]
    public void RefusedWritableSpanDoesNotExpose()
    {
        var a = Data(100);
        Assert.That(a["::2"].TryGetSpan(out _), Is.False, "a strided view has no span");
        Assert.Throws<InvalidOperationException>(() => a["::2"].AsSpan());
        Assert.That(a.Storage.IsExposed, Is.False, "no span was handed out");
        Assert.That((a * 2.0).IsDeferred);
    }

    [Test]
    public void ExposureEvaluatesPendingReadersFirst()
    {
        var a = Data(100);
        var expected = Deferral.Eager(() => a * 2.0);
        var t = a * 2.0;
        a.AsSpan().Fill(7);
        NdAssert.AreBitwiseEqual(expected, t);
    }

    [Test]
    public void WrappedArraysAreEager()
    {
        double[] data = [.. Enumerable.Range(0, 100).Select(i => (double)i)];
        var w = NdArray.Wrap(data);
        var t = w * 2.0;
        Assert.That(t.IsDeferred, Is.False);
        data[0] = 5; // the caller keeps the array: an eager result is unaffected
        Assert.That(t[0], Is.EqualTo(0.0));
        Assert.That((NdArray.FromArray(data) * 2.0).IsDeferred, "FromArray copies: its result can defer");
    }

    [Test]
    public void MappedArraysAreEager()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cc-deferred-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "m.npy");
            using (var m = NdArray.CreateMapped<double>(path, 100))
            {
                Assert.That((m + 1.0).IsDeferred, Is.False);
            }

            using var r = NdArray.OpenMapped<double>(path, MapMode.Read);
            using var rw = NdArray.OpenMapped<double>(path, MapMode.ReadWrite);
            Assert.That((r + 1.0).IsDeferred, Is.False);
            Assert.That((Data(100) * rw).IsDeferred, Is.False);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void ConcurrentReadersEvaluateOnceAndSeeTheSameData()
    {
        var a = Data(300_000);
        var b = Data(300_000, 2);
        var expected = Deferral.Eager(() => (a * b) + a);
        for (int round = 0; round < 5; round++)
        {
            var t = (a * b) + a;
            const int threads = 8;
            using var start = new Barrier(threads);
            var seen = new double[threads][];
            var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                seen[i] = i % 2 == 0 ? t.ToArray() : [t.Sum(), t[299_999]];
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(1));
            for (int i = 0; i < threads; i += 2)
            {
                Assert.That(seen[i], Is.EqualTo(expected.ToArray()));
                Assert.That(seen[i + 1], Is.EqualTo(new[] { expected.Sum(), expected[299_999] }));
            }
        }
    }

    [Test]
    public void ViewsShareTheDeferredStorageAndEvaluateItOnFirstAccess()
    {
        var a = Data(1000);
        var expected = Deferral.Eager(() => a * 3.0);
        var t = a * 3.0;
        var slice = t["10:20"];
        var reshaped = t.Reshape(20, 50);
        var chunks = t.ArraySplit(4);
        Assert.That(slice.IsDeferred && reshaped.IsDeferred && chunks.All(c => c.IsDeferred), "creating views computes nothing");
        Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(0));
        Assert.That(slice.ToArray(), Is.EqualTo(expected["10:20"].ToArray()));
        Assert.That(t.IsDeferred || reshaped.IsDeferred, Is.False);
        Assert.That(chunks.ParallelMap(c => c.Sum()), Is.EqualTo(expected.ArraySplit(4).Select(c => c.Sum()).ToArray()));
        Assert.That(reshaped.ToString(), Is.EqualTo(expected.Reshape(20, 50).ToString()));
        Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(1));
    }

    [Test]
    public void WholeViewsAreInlinedAndPartialViewsAreComputedFirst()
    {
        var a = Data(1000);
        var b = Data(1000, 2);
        var eu = Deferral.Eager(() => (a * 3.0).Reshape(20, 50) + b.Reshape(20, 50));
        var ew = Deferral.Eager(() => (a * 3.0)["0:500"] + b["500:"]);
        var t = a * 3.0;
        var u = t.Reshape(20, 50) + b.Reshape(20, 50);
        Assert.That(u.IsDeferred);
        NdAssert.AreBitwiseEqual(eu, u);
        Assert.That(t.IsDeferred, "t's tree was inlined into u, t itself is still pending");

        var w = t["0:500"] + b["500:"];
        Assert.That(t.IsDeferred, Is.False, "a partial view of a pending result is computed when used as an operand");
        Assert.That(w.IsDeferred);
        NdAssert.AreBitwiseEqual(ew, w);
    }

    [Test]
    public void SavingAndCopyingEvaluate()
    {
        var a = Data(1000);
        var expected = Deferral.Eager(() => (a - 0.5) * a);
        var t = (a - 0.5) * a;
        using var stream = new MemoryStream();
        NdArray.Save(stream, t);
        stream.Position = 0;
        NdAssert.AreBitwiseEqual(expected, NdArray.Load<double>(stream));
        Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(1));
        NdAssert.AreBitwiseEqual(expected, t.Copy());
        NdAssert.AreBitwiseEqual(expected.AsType<float>(), t.AsType<float>());
        Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(1));
    }

    [Test]
    public void DisposingAnUnevaluatedResultDropsItsTree()
    {
        var a = Data(1000);
        long before = DeferredStorage<double>.TotalEvaluations;
        var t = a * 2.0;
        var view = t["1:"];
        Assert.That(a.Storage.PendingReaderCount, Is.EqualTo(1));
        t.Dispose();
        Assert.That(t.IsDisposed && view.IsDisposed);
        Assert.That(t.IsDeferred, Is.False);
        Assert.That(a.Storage.PendingReaderCount, Is.EqualTo(0), "no longer a pending reader of its input");
        a.Fill(1);
        Assert.That(DeferredStorage<double>.TotalEvaluations, Is.EqualTo(before), "nothing was computed");
        Assert.Throws<ObjectDisposedException>(() => _ = t[0]);
        Assert.Throws<ObjectDisposedException>(() => _ = view.Sum());
        Assert.Throws<ObjectDisposedException>(() => t.Evaluate());
        Assert.Throws<ObjectDisposedException>(() => _ = t + 1.0);
    }

    [Test]
    public void DisposingAnEvaluatedResultReleasesItsMemory()
    {
        var a = Data(1L << 18);
        var t = (a * 2.0).Evaluate();
        Assert.That(t.IsDeferred, Is.False);
        t.Dispose();
        Assert.That(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => _ = t[0]);
    }

    [Test]
    public void ErrorsAreRaisedAtOperatorTime()
    {
        var x = NdArray.Zeros<double>(3, 2);
        var y = NdArray.Zeros<double>(3);
        Assert.That(() => _ = x + y, Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,2) (3,) "));
        Assert.That(() => _ = (x * 2.0) - y, Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,2) (3,) "));
        var disposed = Data(1L << 18); // native memory (managed storage is never really released)
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = disposed * 2.0);
        Assert.Throws<InvalidOperationException>(() => _ = NdArray.Arange<int>(10) / NdArray.Arange<int>(10));
    }

    [Test]
    public void OnlyContiguousSameShapeFloatOperandsDefer()
    {
        var m = Data(12).Reshape(3, 4);
        Assert.That((m * 2.0).IsDeferred);
        Assert.That((m + Data(4)).IsDeferred, Is.False, "broadcasting");
        Assert.That((m["::2"] * 2.0).IsDeferred, Is.False, "strided view");
        Assert.That((m.Transpose() * 2.0).IsDeferred, Is.False, "transposed");
        Assert.That((NdArray.Arange<long>(100) + NdArray.Arange<long>(100)).IsDeferred, Is.False, "integers");
        Assert.That((Data(0) * 2.0).IsDeferred, Is.False, "empty");
        Assert.That((Data(100).AsType<float>() * 2f).IsDeferred, "float");
        Assert.That((NdArray.Add(Data(100), Data(100))).IsDeferred, Is.False, "named functions are eager");
    }

    [Test]
    public void DefaultThresholdDefersLargeResultsOnly()
    {
        using var def = Deferral.From(32_768);
        Assert.That((Data(32_767) * 2.0).IsDeferred, Is.False);
        Assert.That((Data(32_768) * 2.0).IsDeferred);
    }

    [Test]
    public void TreesAreCappedAndStillExact()
    {
        var a = Data(3000);
        var b = Data(3000, 2);
        var expected = Deferral.Eager(() => Chain(a, b));
        var actual = Chain(a, b);
        Assert.That(actual.IsDeferred);
        Assert.That(Deferral.StorageOf(actual)!.PendingTree!.NodeCount, Is.LessThanOrEqualTo(DeferredExpressions.MaxNodes));
        NdAssert.AreBitwiseEqual(expected, actual);

        static NdArray<double> Chain(NdArray<double> a, NdArray<double> b)
        {
            var s = a;
            for (int i = 0; i < 40; i++)
            {
                s = i % 3 == 0 ? (s * b) - a : -(s + 0.5);
            }

            return s;
        }
    }

    [Test]
    public void EvaluateReturnsTheArrayAndComputesOnce()
    {
        var a = Data(100);
        var t = a / 3.0;
        Assert.That(t.Evaluate(), Is.SameAs(t));
        Assert.That(t.IsDeferred, Is.False);
        t.Evaluate();
        Assert.That(Deferral.StorageOf(t)!.EvaluationCount, Is.EqualTo(1));
        Assert.That(a.Evaluate(), Is.SameAs(a));
        Assert.That(((NdArray)t).Evaluate(), Is.SameAs(t));
    }

    [Test]
    public void DroppedIntermediatesAreNotComputedWhenAnInputChanges()
    {
        long n = PendingReaders.CollectThreshold;
        var a = Data(n);
        var b = Data(n, 2);
        UseAndDrop(a, b);
        long before = DeferredStorage<double>.TotalEvaluations;
        Assert.That(a.Storage.ReaderCount, Is.GreaterThan(0), "a*a and a*a+b*b were never evaluated, only fused");
        double saved = PendingReaders.CollectNanosecondsPerHeapByte;
        PendingReaders.CollectNanosecondsPerHeapByte = 0; // whatever this test process's heap, collecting is the cheaper way here
        try
        {
            a.Fill(0);
        }
        finally
        {
            PendingReaders.CollectNanosecondsPerHeapByte = saved;
        }

        Assert.That(DeferredStorage<double>.TotalEvaluations, Is.EqualTo(before), "the flush collected them instead of computing them");

        var kept = a + 1.0; // a live reader is still computed
        a.Fill(2);
        Assert.That(kept[5], Is.EqualTo(1.0));

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void UseAndDrop(NdArray<double> a, NdArray<double> b)
        {
            var sum = (a * a) + (b * b);
            GC.Collect(); // the intermediates outlive a collection (as under allocation pressure): no longer young
            GC.Collect();
            using var r = NdArray.Sqrt(sum);
            Assert.That(r.IsDeferred, Is.False);
        }
    }

    [Test]
    public void FlushCollectsOnlyWhenACollectionIsCheaperThanThePendingPasses()
    {
        const long MB = 1 << 20;
        long t = PendingReaders.CollectThreshold;
        Assert.Multiple(() =>
        {
            Assert.That(PendingReaders.ShouldCollect(t - 1, 0), Is.False, "below the threshold the passes are cheap");
            Assert.That(PendingReaders.ShouldCollect(t, 1 * MB), Is.True, "small heap, 1M pending elements");
            Assert.That(PendingReaders.ShouldCollect(3 * t, 200 * MB), Is.False, "a 200 MB heap costs more than 3M elements of passes");
            Assert.That(PendingReaders.ShouldCollect(150_000_000, 200 * MB), Is.True, "three 50M-element intermediates outweigh it");
        });
    }

    [Test]
    public void DroppedReadersArePrunedOnRegistration()
    {
        var a = Data(100);
        for (int i = 0; i < 5_000; i++)
        {
            Drop(a);
            if (i % 1000 == 999)
            {
                GC.Collect();
            }
        }

        GC.Collect();
        Drop(a);
        Assert.That(a.Storage.ReaderCount, Is.LessThan(2_100), "amortised pruning keeps the list within twice the live entries since the last collection");

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void Drop(NdArray<double> a) => _ = a * 2.0;
    }
}
