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
