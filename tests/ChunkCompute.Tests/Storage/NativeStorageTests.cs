using ChunkCompute;
using ChunkCompute.Storage;

namespace ChunkCompute.Tests.Storage;

[NonParallelizable] // the allocator cache is process-wide
public unsafe class NativeStorageTests
{
    /// <summary>Finalizes garbage left by earlier tests (which would return blocks to the cache mid-test) and empties the cache.</summary>
    [SetUp]
    public void Quiesce()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        NativeAllocator.TrimCache();
    }

    [TestCase(1L)]
    [TestCase(100L)]
    [TestCase(4097L)]
    [TestCase(1L << 20)]
    public void SmallBlocksAre64ByteAligned(long bytes)
    {
        var blocks = Enumerable.Range(0, 16).Select(_ => (nint)NativeAllocator.Allocate(bytes)).ToList();
        Assert.That(blocks.All(p => p % NativeAllocator.Alignment == 0));
        foreach (var p in blocks)
        {
            NativeAllocator.Free((void*)p, bytes);
        }
    }

    [Test]
    public void LargeBlocksAreHugePageAlignedFreshZeroAndReused()
    {
        long bytes = (6L << 20) + 12345;
        Assert.That(NativeAllocator.BlockSize(bytes), Is.EqualTo(8L << 20));
        NativeAllocator.TrimCache();
        long hits = NativeAllocator.CacheHits;
        byte* p = (byte*)NativeAllocator.Allocate(bytes, out bool zeroed);
        Assert.That((nint)p % NativeAllocator.HugePageSize, Is.EqualTo(0));
        if (OperatingSystem.IsLinux())
        {
            Assert.That(zeroed, Is.True);
            Assert.That(new ReadOnlySpan<byte>(p, (int)bytes).IndexOfAnyExcept((byte)0), Is.EqualTo(-1));
        }

        p[0] = 1;
        p[bytes - 1] = 2;
        NativeAllocator.Free(p, bytes);
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(8L << 20));

        // Any request that rounds to the same block size reuses it; the contents are not cleared.
        byte* q = (byte*)NativeAllocator.Allocate((8L << 20) - 1, out bool zeroed2);
        Assert.That((nint)q, Is.EqualTo((nint)p));
        Assert.That(zeroed2, Is.False);
        Assert.That(NativeAllocator.CacheHits, Is.EqualTo(hits + 1));
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(0));
        NativeAllocator.Free(q, (8L << 20) - 1);
        NativeAllocator.TrimCache();
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(0));
    }

    [Test]
    public void MediumBlocksRoundTo64KiBAndAreReused()
    {
        // 1 MiB .. 4 MiB (a 1M float32 result is 4,000,000 bytes): cached like large blocks, so a chain of
        // operations reuses faulted-in memory instead of glibc handing it back to the system between results.
        Assert.That(NativeAllocator.BlockSize(NativeAllocator.CacheThreshold - 1), Is.EqualTo(NativeAllocator.CacheThreshold - 1));
        Assert.That(NativeAllocator.BlockSize(NativeAllocator.CacheThreshold), Is.EqualTo(NativeAllocator.CacheThreshold));
        Assert.That(NativeAllocator.BlockSize(4_000_000), Is.EqualTo(62L * 65536));
        Assert.That(NativeAllocator.BlockSize((4L << 20) - 10), Is.EqualTo(4L << 20), "rounds into the large class, not a 4 MiB medium block");
        NativeAllocator.TrimCache();
        long hits = NativeAllocator.CacheHits;
        byte* p = (byte*)NativeAllocator.Allocate(4_000_000);
        Assert.That((long)p % NativeAllocator.Alignment, Is.EqualTo(0L));
        p[3_999_999] = 7;
        NativeAllocator.Free(p, 4_000_000);
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(62L * 65536));
        byte* q = (byte*)NativeAllocator.Allocate(3_999_000, out bool zeroed);
        Assert.That((nint)q, Is.EqualTo((nint)p));
        Assert.That(zeroed, Is.False);
        Assert.That(NativeAllocator.CacheHits, Is.EqualTo(hits + 1));
        NativeAllocator.Free(q, 3_999_000);
        NativeAllocator.TrimCache();
        Assert.That(NativeAllocator.CachedBytes, Is.Zero);

        // Arrays of that size: results of a chain come from the cache after the first round.
        using var a = NdArray.Full([1_000_000], -2.0f);
        for (int i = 0; i < 3; i++)
        {
            using var t = NdArray.Abs(a);
            using var r = NdArray.Sqrt(t);
            Assert.That(r[999_999], Is.EqualTo(MathF.Sqrt(2f)));
        }

        Assert.That(NativeAllocator.CacheHits, Is.GreaterThanOrEqualTo(hits + 1 + 4));
    }

    [Test]
    public void SmallMediumBlocksRoundToPagesAndArraysAboveTheManagedLimitAreNative()
    {
        // 64 KiB .. 1 MiB: rounded to 4 KiB pages and cached, so results too large for the managed heap's small
        // objects (the large object heap starts at 85,000 bytes) reuse memory instead of costing collections.
        Assert.That(NdArray.ManagedStorageLimitBytes, Is.EqualTo(NativeAllocator.CacheThreshold));
        Assert.That(NdArray.ManagedStorageLimitBytes, Is.LessThan(85_000));
        Assert.That(NativeAllocator.BlockSize(100_000), Is.EqualTo(25L * 4096));
        Assert.That(NativeAllocator.BlockSize((1L << 20) - 1), Is.EqualTo(1L << 20));
        Assert.That(NativeAllocator.BlockSize((1L << 20) + 1), Is.EqualTo((1L << 20) + 65536), "64 KiB steps from 1 MiB");
        NativeAllocator.TrimCache();
        long hits = NativeAllocator.CacheHits;
        byte* p = (byte*)NativeAllocator.Allocate(100_000);
        Assert.That((long)p % NativeAllocator.Alignment, Is.EqualTo(0L));
        p[99_999] = 1;
        NativeAllocator.Free(p, 100_000);
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(25L * 4096));
        byte* q = (byte*)NativeAllocator.Allocate(98_500);
        Assert.That((nint)q, Is.EqualTo((nint)p));
        Assert.That(NativeAllocator.CacheHits, Is.EqualTo(hits + 1));
        NativeAllocator.Free(q, 98_500);
        NativeAllocator.TrimCache();

        Assert.That(NdArray.Zeros<byte>(NdArray.ManagedStorageLimitBytes).Storage, Is.InstanceOf<ManagedStorage<byte>>());
        using var native = NdArray.Zeros<byte>(NdArray.ManagedStorageLimitBytes + 1);
        Assert.That(native.Storage, Is.InstanceOf<NativeStorage<byte>>());
        Assert.That(native.Any(), Is.False, "Zeros of a reused block is cleared");

        // A 1M-element comparison result (1 MB of bool) is native, and a loop of them reuses one block.
        using var a = NdArray.Full([1_000_000], 1.0f);
        using var b = NdArray.Full([1_000_000], 2.0f);
        long before = NativeAllocator.CacheHits;
        for (int i = 0; i < 3; i++)
        {
            using var gt = b > a;
            Assert.That(gt.Storage, Is.InstanceOf<NativeStorage<bool>>());
            Assert.That(gt.All(), Is.True);
        }

        Assert.That(NativeAllocator.CacheHits, Is.GreaterThanOrEqualTo(before + 2));
    }

    [Test]
    public void MaxCachedBytesBoundsTheCache()
    {
        long old = NativeAllocator.MaxCachedBytes;
        try
        {
            NativeAllocator.TrimCache();
            NativeAllocator.MaxCachedBytes = 10L << 20;
            var blocks = Enumerable.Range(0, 3).Select(_ => (nint)NativeAllocator.Allocate(4L << 20)).ToList();
            foreach (var b in blocks)
            {
                NativeAllocator.Free((void*)b, 4L << 20);
            }

            Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(8L << 20)); // two fit, the third was unmapped
            NativeAllocator.MaxCachedBytes = 4L << 20;
            Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(4L << 20));
            NativeAllocator.MaxCachedBytes = 0;
            Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => NativeAllocator.MaxCachedBytes = -1);
        }
        finally
        {
            NativeAllocator.MaxCachedBytes = old;
        }
    }

    [Test]
    public void ConcurrentAllocateAndFreeKeepsTheCacheConsistent()
    {
        NativeAllocator.TrimCache();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            long bytes = (4L + (i % 3)) << 20;
            byte* p = (byte*)NativeAllocator.Allocate(bytes);
            p[0] = (byte)i;
            p[bytes - 1] = (byte)i;
            NativeAllocator.Free(p, bytes);
        });
        Assert.That(NativeAllocator.CachedBytes, Is.LessThanOrEqualTo(NativeAllocator.MaxCachedBytes));
        NativeAllocator.TrimCache();
        Assert.That(NativeAllocator.CachedBytes, Is.EqualTo(0));
    }

    [Test]
    public void LargeArraysUseNativeStorageAndViewsThrowAfterDispose()
    {
        var a = NdArray.Zeros<double>(1000, 1000);
        Assert.That(a.Storage, Is.InstanceOf<NativeStorage<double>>());
        Assert.That(a.OwnsStorage);
        var view = a["10:20, ::2"];
        var chunk = a.ArraySplit(3)[1];
        Assert.That(view.OwnsStorage, Is.False);
        view.Dispose(); // a view does not free its base
        Assert.That(a.IsDisposed, Is.False);
        a[0, 0] = 1;
        a.Dispose();
        Assert.That(a.IsDisposed && view.IsDisposed && chunk.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => _ = view[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => chunk.Fill(2));
        Assert.Throws<ObjectDisposedException>(() => chunk.Copy());
        Assert.Throws<ObjectDisposedException>(() => chunk.AsType<float>());
        Assert.Throws<ObjectDisposedException>(() => _ = a.Storage.GetSpan(0, 1));
        a.Dispose(); // idempotent
        Assert.That(NdArray.Zeros<byte>(10).Storage, Is.InstanceOf<ManagedStorage<byte>>());
    }

    [Test]
    public void FinalizerFreesForgottenArraysButNotWhileAViewIsAlive()
    {
        NativeAllocator.TrimCache();
        long before = NativeAllocator.CachedBytes;
        var view = MakeViewOfForgottenArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(view.IsDisposed, Is.False);
        Assert.That(view[0], Is.EqualTo(5.0)); // the view keeps the storage alive
        GC.KeepAlive(view);
        view = null!;
        FinalizeAll();
        Assert.That(NativeAllocator.CachedBytes, Is.GreaterThan(before)); // the finalizer returned the block to the cache
        NativeAllocator.TrimCache();
    }

    private static NdArray<double> MakeViewOfForgottenArray()
    {
        var a = NdArray.Full([1_000_000], 5.0);
        return a["::7"];
    }

    private static void FinalizeAll()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Test]
    public void TooLargeAllocationsThrowClearExceptions()
    {
        var ex = Assert.Throws<InsufficientMemoryException>(() => _ = new NativeStorage<byte>(1L << 50, zero: false));
        Assert.That(ex!.Message, Does.Contain("1125899906842624 bytes"));
        Assert.Throws<ArgumentException>(() => _ = new NativeStorage<double>(long.MaxValue / 4, zero: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NativeStorage<double>(-1, zero: false));
        var big = Assert.Throws<InsufficientMemoryException>(() => NdArray.Zeros<double>(1L << 47));
        Assert.That(big!.Message, Does.Contain("cannot allocate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeAllocator.Allocate(-5));
    }

    [Test]
    public void MoreThanIntMaxElementsAreRefusedBySpansWithAClearMessage()
    {
        // A lazily faulted 2^31+5-byte native array: only the touched pages cost memory.
        NdArray<byte> a;
        try
        {
            a = NdArray.Empty<byte>((1L << 31) + 5);
        }
        catch (InsufficientMemoryException)
        {
            Assert.Ignore("this machine refuses a 2 GiB address-space reservation (less RAM than that and strict overcommit)");
            return;
        }

        using var owner = a;
        Assert.That(a.Size, Is.EqualTo((1L << 31) + 5));
        Assert.That(a.TryGetSpan(out _), Is.False);
        var ex = Assert.Throws<InvalidOperationException>(() => a.AsSpan());
        Assert.That(ex!.Message, Does.Contain("2147483653").And.Contain("ArraySplit"));
        a[(1L << 31) + 4] = 7;
        a[-1] += 1;
        Assert.That(a[(1L << 31) + 4], Is.EqualTo(8));
        var chunks = a.ArraySplit(2);
        Assert.That(chunks[1].Chunk!.Value.Offset, Is.EqualTo((1L << 30) + 3));
        Assert.That(chunks[1][-1], Is.EqualTo(8));
        Assert.That(chunks[1].AsSpan().Length, Is.EqualTo((1L << 30) + 2));
        Assert.Throws<InvalidOperationException>(() => a.ToArray());
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(-1, 5))!.Message, Does.Contain("cannot reshape array of size 2147483653 into shape (-1, 5)"));
        Assert.That(a.Reshape(1, -1).Shape.ToString(), Is.EqualTo("(1, 2147483653)"));
    }

    [Test]
    public void SizesNearLongMaxValueThrowInsufficientMemoryNamingTheSize()
    {
        // Rounding up to a page used to overflow before the check: BlockSize(long.MaxValue) was negative.
        foreach (long bytes in new[] { long.MaxValue, long.MaxValue - 1000, long.MaxValue - (2L << 20) + 1 })
        {
            var ex = Assert.Throws<InsufficientMemoryException>(() => NativeAllocator.BlockSize(bytes));
            Assert.That(ex!.Message, Does.Contain($"{bytes} bytes"));
        }

        Assert.That(Assert.Throws<InsufficientMemoryException>(() => NdArray.Empty<byte>(long.MaxValue))!.Message, Does.Contain($"{long.MaxValue} bytes"));
    }

    [Test]
    public void APinnedHandleKeepsNativeMemoryAliveUntilDisposed()
    {
        // The array is dropped while pinned; collections then run and a same-size array takes any freed block.
        using var handle = PinDroppedArray(1 << 17);
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        using var other = NdArray.Full<double>([1 << 17], -7.0);
        Assert.That(((double*)handle.Pointer)[0], Is.EqualTo(1.0));
        Assert.That(((double*)handle.Pointer)[(1 << 17) - 1], Is.EqualTo(1.0));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static System.Buffers.MemoryHandle PinDroppedArray(int length) => NdArray.Full<double>([length], 1.0).AsMemory().Pin();

    [Test]
    public void MemoryOverNativeStorage()
    {
        using var a = NdArray.Arange<double>(200_000);
        var m = a.AsMemory();
        Assert.That(m.Span[199_999], Is.EqualTo(199_999.0));
        using var h = m.Pin();
        Assert.That(((double*)h.Pointer)[5], Is.EqualTo(5.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Storage.GetMemory(199_999, 2));
    }
}
