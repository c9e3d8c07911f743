using System.Runtime.InteropServices;

namespace ChunkCompute.Storage;

/// <summary>
/// Allocates 64-byte aligned native memory for arrays, maps large blocks straight from the kernel with transparent
/// huge pages requested, and keeps recently freed large blocks for reuse.
/// </summary>
/// <remarks>
/// <para>Why: on the reference machine a fresh 400 MB buffer costs ~270 ms to fault in with 4 KiB pages (~60 ms with
/// huge pages) while the kernel that fills it takes ~47 ms, so allocation would dominate every elementwise operation.</para>
/// <para>Blocks below <see cref="HugePageThreshold"/> come from <see cref="NativeMemory.AlignedAlloc"/> (64-byte aligned);
/// from <see cref="CacheThreshold"/> on they are rounded up (to 4 KiB pages below 1 MiB, to 64 KiB from there) and
/// cached for reuse like large blocks (a 1M float32 result is 4,000,000 bytes: through glibc, whose heap trimming
/// handed such blocks back to the system, a chain of operations faulted in about 1,000 fresh pages per result, 8 ms
/// against 0.05 ms for the arithmetic). The threshold matches <see cref="NdArray.ManagedStorageLimitBytes"/>: every
/// array too large for the managed heap's small objects reuses cached blocks.
/// Blocks of at least <see cref="HugePageThreshold"/> bytes are rounded up to whole 2 MiB pages; on Linux they are
/// anonymous <c>mmap</c> mappings (without <c>MAP_NORESERVE</c>, so a request the system
/// cannot back fails here with <see cref="OutOfMemoryException"/> instead of killing the process on first touch) aligned to 2 MiB and advised with <c>madvise(MADV_HUGEPAGE)</c> (as NumPy does), so a
/// fresh block is known to be zero and its pages are only faulted in on first touch (like <c>calloc</c>): <c>Zeros</c>
/// of a fresh block costs nothing up front.</para>
/// <para>Freed medium and large blocks go to a cache keyed by their rounded size, bounded by <see cref="MaxCachedBytes"/>, so a
/// loop of <c>a * b + c</c> reuses already faulted-in pages. Reused blocks are not zeroed: <see cref="Allocate(long, out bool)"/>
/// reports whether a block is known to be zero and callers that need zeros clear it otherwise.</para>
/// <para>Thread safety: every member may be called from any thread, including finalizer threads.</para>
/// </remarks>
public static unsafe class NativeAllocator
{
    /// <summary>Alignment of every block, in bytes (a cache line, and a whole AVX-512 vector).</summary>
    public const int Alignment = 64;

    /// <summary>Blocks this large or larger are 2 MiB aligned, advised for huge pages and cached for reuse.</summary>
    public const long HugePageThreshold = 4L << 20;

    /// <summary>Blocks this large or larger (up to <see cref="HugePageThreshold"/>) are rounded up (to 4 KiB below 1 MiB, to 64 KiB from 1 MiB) and cached for reuse.</summary>
    public const long CacheThreshold = 64L << 10;

    /// <summary>Size of a transparent huge page on x86-64 Linux (2 MiB); large blocks are multiples of it.</summary>
    public const long HugePageSize = 2L << 20;

    private const long PageGranule = 4L << 10;
    private const long MediumGranuleFrom = 1L << 20;
    private const long MediumGranule = 64L << 10;
    private const int MadvHugePage = 14;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<long, Stack<nint>> Cache = [];
    private static long s_cachedBytes;
    private static long s_maxCachedBytes = 2L << 30;
    private static long s_hits;
    private static long s_misses;

    /// <summary>Upper bound on bytes kept in the reuse cache (default 2 GiB; 0 disables caching). Lowering it trims the cache.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long MaxCachedBytes
    {
        get => Volatile.Read(ref s_maxCachedBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref s_maxCachedBytes, value);
            TrimCache(value);
        }
    }

    /// <summary>Bytes currently held in the reuse cache.</summary>
    public static long CachedBytes => Volatile.Read(ref s_cachedBytes);

    /// <summary>Number of large allocations served from the reuse cache since the process started.</summary>
    public static long CacheHits => Volatile.Read(ref s_hits);

    /// <summary>Number of large allocations that had to map fresh memory since the process started.</summary>
    public static long CacheMisses => Volatile.Read(ref s_misses);

    /// <summary>
    /// The number of bytes actually reserved for a request of <paramref name="bytes"/>: medium blocks
    /// (<see cref="CacheThreshold"/> and up) round up to 4 KiB below 1 MiB and to 64 KiB from 1 MiB, large blocks to
    /// whole 2 MiB pages.
    /// </summary>
    public static long BlockSize(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes < CacheThreshold)
        {
            return Math.Max(bytes, Alignment);
        }

        if (bytes > long.MaxValue - HugePageSize)
        {
            // Checked before any rounding: bytes + granule - 1 would overflow too.
            ThrowTooLarge(bytes, "the size cannot be rounded up to whole pages");
        }

        long granule = bytes < MediumGranuleFrom ? PageGranule : MediumGranule;
        long medium = (bytes + granule - 1) & ~(granule - 1);
        if (medium < HugePageThreshold)
        {
            return medium;
        }

        return (bytes + HugePageSize - 1) & ~(HugePageSize - 1);
    }

    /// <summary>Allocates <paramref name="bytes"/> bytes, 64-byte aligned (2 MiB for large blocks); the contents are unspecified.</summary>
    /// <exception cref="InsufficientMemoryException">The system cannot provide the memory (the message names the size; an <see cref="OutOfMemoryException"/>).</exception>
    public static void* Allocate(long bytes) => Allocate(bytes, out _);

    /// <summary>
    /// Allocates <paramref name="bytes"/> bytes, 64-byte aligned (2 MiB for large blocks). <paramref name="zeroed"/> is
    /// true when the block is known to be all zero (a fresh kernel mapping), so callers wanting zeros can skip clearing it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    /// <exception cref="InsufficientMemoryException">The system cannot provide the memory (the message names the size; an <see cref="OutOfMemoryException"/>).</exception>
    public static void* Allocate(long bytes, out bool zeroed)
    {
        long block = BlockSize(bytes);
        bool cached = block >= CacheThreshold; // small blocks are glibc's alone: no cache, no memory pressure
        if (cached)
        {
            lock (CacheLock)
            {
                if (Cache.TryGetValue(block, out var stack) && stack.TryPop(out nint reused))
                {
                    s_cachedBytes -= block;
                    s_hits++;
                    zeroed = false;
                    return (void*)reused;
                }
            }

            Interlocked.Increment(ref s_misses);
        }

        void* p = AllocateBlock(block, out zeroed);
        if (p == null)
        {
            // Cached blocks of other sizes may be what stands between us and success.
            TrimCache(0);
            p = AllocateBlock(block, out zeroed);
            if (p == null)
            {
                ThrowTooLarge(bytes, $"the system refused a block of {block} bytes");
            }
        }

        if (cached)
        {
            GC.AddMemoryPressure(block);
        }

        return p;
    }

    /// <summary>Returns a block from <see cref="Allocate(long)"/> (same <paramref name="bytes"/>); medium and large blocks may be kept for reuse.</summary>
    public static void Free(void* p, long bytes)
    {
        if (p == null)
        {
            return;
        }

        long block = BlockSize(bytes);
        if (block < CacheThreshold)
        {
            NativeMemory.AlignedFree(p);
            return;
        }

        lock (CacheLock)
        {
            if (s_cachedBytes + block <= Volatile.Read(ref s_maxCachedBytes))
            {
                if (!Cache.TryGetValue(block, out var stack))
                {
                    Cache[block] = stack = new Stack<nint>();
                }

                stack.Push((nint)p);
                s_cachedBytes += block;
                return;
            }
        }

        FreeLarge(p, block);
    }

    /// <summary>Frees every cached block.</summary>
    public static void TrimCache() => TrimCache(0);

    private static void TrimCache(long keepBytes)
    {
        var release = new List<(nint Pointer, long Bytes)>();
        lock (CacheLock)
        {
            // Largest blocks first: they free the most memory per unmapping.
            foreach (long size in Cache.Keys.OrderByDescending(k => k).ToList())
            {
                var stack = Cache[size];
                while (s_cachedBytes > keepBytes && stack.TryPop(out nint p))
                {
                    s_cachedBytes -= size;
                    release.Add((p, size));
                }

                if (stack.Count == 0)
                {
                    Cache.Remove(size);
                }
            }
        }

        foreach (var (pointer, size) in release)
        {
            FreeLarge((void*)pointer, size);
        }
    }

    /// <summary>A fresh block of <paramref name="block"/> bytes (a <see cref="BlockSize"/>), or null when the system refuses.</summary>
    private static void* AllocateBlock(long block, out bool zeroed)
    {
        if (block < HugePageThreshold)
        {
            // A small or medium block: glibc's (no huge-page alignment to gain); medium ones are cached when freed.
            zeroed = false;
            return TryAlignedAlloc(block, Alignment);
        }

        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            zeroed = false;
            return TryAlignedAlloc(block, HugePageSize);
        }

        // Over-map by one huge page, then unmap the unaligned head and the tail so the block starts on a 2 MiB boundary
        // (a huge page can only back an aligned 2 MiB range). Anonymous mappings are zero-filled and lazily faulted.
        long span = block + HugePageSize;
        nint raw = mmap(0, (nuint)span, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (raw == -1 || raw == 0)
        {
            zeroed = false;
            return null;
        }

        nint aligned = (nint)(((long)raw + HugePageSize - 1) & ~(HugePageSize - 1));
        long head = aligned - raw;
        long tail = span - head - block;
        if (head > 0)
        {
            _ = munmap(raw, (nuint)head);
        }

        if (tail > 0)
        {
            _ = munmap(aligned + (nint)block, (nuint)tail);
        }

        // Advice only: failure (e.g. THP disabled) leaves ordinary pages, which is correct, just slower.
        _ = madvise(aligned, (nuint)block, MadvHugePage);
        zeroed = true;
        return (void*)aligned;
    }

    private static void FreeLarge(void* p, long block)
    {
        if (block < HugePageThreshold || !OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            NativeMemory.AlignedFree(p);
        }
        else
        {
            _ = munmap((nint)p, (nuint)block);
        }

        GC.RemoveMemoryPressure(block);
    }

    /// <summary>
    /// <see cref="NativeMemory.AlignedAlloc(nuint, nuint)"/>, or null when the system refuses (it throws
    /// <see cref="OutOfMemoryException"/> rather than returning null), so callers can trim the cache and retry.
    /// </summary>
    private static void* TryAlignedAlloc(long bytes, long alignment)
    {
        try
        {
            return NativeMemory.AlignedAlloc((nuint)bytes, (nuint)alignment);
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    private static void ThrowTooLarge(long bytes, string why) =>
        throw new InsufficientMemoryException($"cannot allocate {bytes} bytes ({bytes / (double)(1L << 30):0.###} GiB) of native memory for an array: {why}.");

#pragma warning disable CA5392, SYSLIB1054 // libc from the system; plain P/Invokes are enough for these few calls.
    [DllImport("libc", SetLastError = true)]
    private static extern nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(nint addr, nuint length);

    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(nint addr, nuint length, int advice);
#pragma warning restore CA5392, SYSLIB1054
}
