using ChunkCompute.Execution;

namespace ChunkCompute.Tests.Executors;

/// <summary>
/// A map item abandoned after the stop grace period keeps its chunk's memory alive: the caller disposing the source
/// array once the map has returned defers the release until the item returns, instead of freeing (and handing to the
/// next allocation) memory the item still reads.
/// </summary>
[NonParallelizable] // allocates same-size arrays to catch a freed block from the process-wide cache
public class MapLeaseTests
{
    [Test]
    public async Task AnAbandonedItemStillReadsItsChunkAfterTheSourceIsDisposed()
    {
        const int n = 1 << 21; // 16 MiB: native storage, four 4 MiB chunks
        var source = NdArray.Full<double>([n], 1.0);
        var chunks = source.ArraySplit(4);
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var seen = new TaskCompletionSource<(double Min, double Max)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var map = chunks.ParallelMapAsync((chunk, ct) =>
        {
            if (chunk.Chunk!.Value.Index == 0)
            {
                started.Wait(TestContext.CurrentContext.CancellationToken);
                throw new InvalidOperationException("boom");
            }

            if (chunk.Chunk!.Value.Index == 1)
            {
                started.Set();
                gate.Wait(CancellationToken.None); // ignores its token: abandoned once the map stops
                try
                {
                    var span = chunk.AsReadOnlySpan();
                    seen.SetResult((System.Numerics.Tensors.TensorPrimitives.Min(span), System.Numerics.Tensors.TensorPrimitives.Max(span)));
                }
                catch (Exception e)
                {
                    seen.SetException(e);
                    throw;
                }
            }

            return ValueTask.FromResult(0);
        }, new MapOptions { MaxDegreeOfParallelism = 4, StopGracePeriod = TimeSpan.FromMilliseconds(50) });

        Assert.That(async () => await map, Throws.InstanceOf<ChunkFailedException>());
        source.Dispose();
        var others = Enumerable.Range(0, 4).Select(_ => NdArray.Full<double>([n], -7.0)).ToList();
        gate.Set();
        var (min, max) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That((min, max), Is.EqualTo((1.0, 1.0)), "the abandoned item read memory released under it");
        foreach (var o in others)
        {
            Assert.That(o.Min(), Is.EqualTo(-7.0));
            o.Dispose();
        }

        // The deferred release happens when the item returns (its lease ends just after it delivers).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!source.Storage.IsDisposed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(source.Storage.IsDisposed, Is.True);
    }

    [Test]
    public async Task AnItemStartingAfterDisposeFailsWithObjectDisposedInsteadOfRunningWithoutALease()
    {
        const int n = 3 << 19;
        var source = NdArray.Full<double>([n], 1.0);
        using var gate = new ManualResetEventSlim();
        using var disposed = new ManualResetEventSlim();
        using var started0 = new ManualResetEventSlim();
        using var started1 = new ManualResetEventSlim();
        var seen0 = new double[2];
        var map = source.ArraySplit(3).ParallelMapAsync((chunk, ct) =>
        {
            switch (chunk.Chunk!.Value.Index)
            {
                case 0:
                    started0.Set();
                    try
                    {
                        gate.Wait(ct); // woken by item 2's failure (fail-fast cancels running items), or by the test
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    seen0[0] = chunk.Min();
                    seen0[1] = chunk.Max();
                    break;
                case 1:
                    started1.Set();
                    disposed.Wait(CancellationToken.None); // item 2 starts on this worker once the source is disposed
                    break;
                default:
                    _ = chunk.Sum(); // must not run: its storage is disposed and only item 0's lease keeps it
                    break;
            }

            return ValueTask.FromResult(0);
        }, new MapOptions { MaxDegreeOfParallelism = 2, BatchSize = 1, StopGracePeriod = Timeout.InfiniteTimeSpan });

        Assert.That(started0.Wait(TimeSpan.FromSeconds(30)) && started1.Wait(TimeSpan.FromSeconds(30)), Is.True);
        source.Dispose();
        disposed.Set();
        await Task.WhenAny(map, Task.Delay(TimeSpan.FromSeconds(10))); // ends early only if item 2 failed
        gate.Set();
        ChunkFailedException? ex = null;
        try
        {
            await map;
        }
        catch (ChunkFailedException e)
        {
            ex = e;
        }

        Assert.That(ex?.Index, Is.EqualTo(2), ex?.ToString());
        Assert.That(ex!.InnerException, Is.InstanceOf<ObjectDisposedException>());
        Assert.That(seen0, Is.EqualTo(new[] { 1.0, 1.0 }), "item 0 kept its lease");
        Assert.That(source.Storage.IsDisposed, Is.True);
    }

    [Test]
    public void ADeferredReleaseWhoseItemNeverReturnsIsDoneByTheFinalizer()
    {
        ChunkCompute.Storage.NativeAllocator.TrimCache();
        long before = ChunkCompute.Storage.NativeAllocator.CachedBytes;
        StartAndAbandon();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(ChunkCompute.Storage.NativeAllocator.CachedBytes - before, Is.GreaterThanOrEqualTo(8L << 20), "the 8 MiB block went back to the cache");
    }

    /// <summary>A map whose item awaits a task nobody completes; the map is cancelled and abandons it, then the source is disposed and dropped.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void StartAndAbandon()
    {
        var source = NdArray.Full<double>([1 << 20], 1.0);
        var never = new TaskCompletionSource<int>();
        using var cts = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var map = source.ArraySplit(1).ParallelMapAsync((chunk, ct) =>
        {
            started.Set();
            return new ValueTask<int>(never.Task);
        }, new MapOptions { StopGracePeriod = TimeSpan.FromMilliseconds(20), CancellationToken = cts.Token });
        Assert.That(started.Wait(TimeSpan.FromSeconds(30)), Is.True);
        cts.Cancel();
        Assert.That(async () => await map, Throws.InstanceOf<OperationCanceledException>());
        source.Dispose();
        Assert.That(source.Storage.IsDisposed, Is.False, "the release waits for the abandoned item");
    }

    [Test]
    public void ALeaseDefersTheReleaseAndNoLeaseIsGivenAfterDispose()
    {
        var a = NdArray.Full<double>([1 << 18], 2.0);
        Assert.That(a.TryAcquireStorageLease(), Is.True);
        Assert.That(a.TryAcquireStorageLease(), Is.True);
        a.Dispose();
        Assert.That(a.Storage.IsDisposed, Is.False, "released while leases are held");
        a.ReleaseStorageLease();
        Assert.That(a.Storage.IsDisposed, Is.False);
        a.ReleaseStorageLease();
        Assert.That(a.Storage.IsDisposed, Is.True, "the last lease performs the release");
        Assert.That(a.TryAcquireStorageLease(), Is.False);
        a.Dispose(); // a second Dispose stays a no-op
        Assert.Throws<ObjectDisposedException>(() => a.Sum());
    }
}
