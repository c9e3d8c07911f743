using ChunkCompute.Kernels.Expressions;

namespace ChunkCompute;

/// <content>Deferred operator results: <see cref="IsDeferred"/> and <see cref="Evaluate"/>.</content>
public abstract partial class NdArray
{
    /// <summary>
    /// True while this array is the result of a C# operator expression (<c>a * b + c</c>) that has not been computed
    /// yet (or a view of one). Its elements are computed, once, on first access; reading shape, dtype or size never
    /// computes them.
    /// </summary>
    /// <remarks>
    /// Deferral is invisible to results: the values are those the eager operators would have produced at the time
    /// the expression was written, bit for bit (inputs written or disposed later are read before they change). See
    /// the <c>NdArray&lt;T&gt;</c> operators for when an operator defers.
    /// </remarks>
    public abstract bool IsDeferred { get; }

    /// <summary>Computes a deferred array now (see <see cref="IsDeferred"/>); does nothing otherwise. Returns this array.</summary>
    /// <remarks>Useful to pay the cost at a chosen point, e.g. to time it, or before handing the array to another thread.</remarks>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public abstract NdArray Evaluate();
}

/// <content>Deferred operator results.</content>
public sealed partial class NdArray<T>
{
    /// <inheritdoc/>
    public override bool IsDeferred => _storage.IsPending;

    /// <inheritdoc cref="NdArray.Evaluate"/>
    public override NdArray<T> Evaluate()
    {
        if (_storage is DeferredStorage<T> deferred)
        {
            deferred.Evaluate();
        }

        return this;
    }
}
