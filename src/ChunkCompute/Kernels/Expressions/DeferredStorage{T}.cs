using ChunkCompute.Storage;

namespace ChunkCompute.Kernels.Expressions;

/// <summary>
/// The storage of an operator result that has not been computed yet: an expression tree over C-contiguous inputs.
/// The first access to its elements evaluates the tree (once, under a lock) into ordinary memory, after which it
/// behaves as that memory.
/// </summary>
/// <remarks>
/// <para>While pending it is registered (weakly) with every input storage, whose write barrier evaluates it before
/// the input changes or is disposed (<see cref="PendingReaders"/>); once evaluated or disposed its registrations are
/// inert (and pruned later).
/// Evaluation uses <see cref="Execution.ExecutionSettings.Current"/> of the thread that triggers it.</para>
/// <para>Views share this storage (they do not evaluate on creation); the tree can be inlined into a later
/// expression only by a view covering all of it in order (offset 0, C-contiguous, full size).</para>
/// </remarks>
/// <typeparam name="T">The element type (float or double: the types operators defer).</typeparam>
internal sealed class DeferredStorage<T> : Storage<T>, IPendingReader
    where T : unmanaged
{
    private const int Pending = 0;
    private const int Evaluated = 1;
    private const int Disposed = 2;

    private static long s_totalEvaluations;

    private readonly long _length;
    private readonly Lock _gate = new();
    private OperatorNode<T>? _tree;
    private Storage<T>? _result;
    private volatile int _state;
    private int _evaluations;

    /// <summary>A pending result of <paramref name="length"/> elements computed by <paramref name="tree"/>; registers with its inputs.</summary>
    public DeferredStorage(OperatorNode<T> tree, long length)
    {
        _tree = tree;
        _length = length;
        foreach (var input in ExpressionProgram<T>.Inputs(tree))
        {
            input.AddReader(this);
        }
    }

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override bool IsDisposed => _state == Disposed || (_state == Evaluated && _result!.IsDisposed);

    /// <inheritdoc/>
    internal override bool IsPending => _state == Pending;

    /// <summary>The tree while pending (to inline into a larger expression), else null.</summary>
    public OperatorNode<T>? PendingTree
    {
        get
        {
            var tree = _tree;
            return _state == Pending ? tree : null;
        }
    }

    /// <summary>How many times the tree was evaluated into this storage (0 or 1; for tests).</summary>
    internal int EvaluationCount => Volatile.Read(ref _evaluations);

    /// <summary>Evaluations of any deferred storage of this element type in the process (for tests).</summary>
    internal static long TotalEvaluations => Interlocked.Read(ref s_totalEvaluations);

    bool IPendingReader.IsPending => _state == Pending;

    long IPendingReader.PendingLength => _length;

    void IPendingReader.EvaluatePending() => Evaluate(throwIfDisposed: false);

    /// <summary>Computes the elements now unless already done.</summary>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    public void Evaluate() => Evaluate(throwIfDisposed: true);

    /// <inheritdoc/>
    protected override ref T DangerousGetReferenceCore()
    {
        if (_state != Evaluated)
        {
            Evaluate(throwIfDisposed: true);
        }

        return ref _result!.DangerousGetReferenceForRead();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        Storage<T>? result = null;
        lock (_gate)
        {
            if (_state == Evaluated)
            {
                result = _result;
            }

            _tree = null; // an unevaluated expression is dropped: nothing is computed
            _state = Disposed;
        }

        result?.Dispose();
    }

    private void Evaluate(bool throwIfDisposed)
    {
        lock (_gate)
        {
            if (_state == Evaluated)
            {
                return;
            }

            if (_state == Disposed)
            {
                if (throwIfDisposed)
                {
                    ThrowHelper.ThrowObjectDisposed("deferred array storage");
                }

                return;
            }

            var result = NdArray.Allocate<T>([_length], zero: false).Storage;
            try
            {
                ExpressionDriver.Evaluate(_tree!, result, 0, _length, settings: null);
            }
            catch
            {
                result.Dispose();
                throw;
            }

            _result = result;
            _tree = null;
            _evaluations++;
            Interlocked.Increment(ref s_totalEvaluations);
            _state = Evaluated; // volatile: publishes _result to the lock-free fast path
        }
    }
}
