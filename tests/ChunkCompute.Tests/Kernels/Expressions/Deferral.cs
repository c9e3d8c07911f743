using ChunkCompute.Kernels.Expressions;

namespace ChunkCompute.Tests.Kernels.Expressions;

/// <summary>Sets the operators' deferral threshold for a scope and restores it (the knob is process-wide: fixtures using it are non-parallelizable).</summary>
internal sealed class Deferral : IDisposable
{
    private readonly long _previous;

    private Deferral(long minimumElements)
    {
        _previous = DeferredExpressions.MinimumElements;
        DeferredExpressions.MinimumElements = minimumElements;
    }

    /// <summary>Operators defer every result of at least <paramref name="minimumElements"/> elements.</summary>
    public static Deferral From(long minimumElements) => new(minimumElements);

    /// <summary>Operators are eager (the reference the deferred results must match bit for bit).</summary>
    public static Deferral Off() => new(long.MaxValue);

    /// <summary>The result of <paramref name="build"/> with eager operators, computed now.</summary>
    public static NdArray<T> Eager<T>(Func<NdArray<T>> build)
        where T : unmanaged
    {
        using var off = Off();
        var r = build();
        Assert.That(r.IsDeferred, Is.False);
        return r;
    }

    /// <summary>The deferred storage behind <paramref name="a"/> (its evaluation count and tree), or null.</summary>
    public static DeferredStorage<T>? StorageOf<T>(NdArray<T> a)
        where T : unmanaged => a.Storage as DeferredStorage<T>;

    public void Dispose() => DeferredExpressions.MinimumElements = _previous;
}
