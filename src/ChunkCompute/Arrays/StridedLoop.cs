using ChunkCompute.Execution;

namespace ChunkCompute;

/// <summary>Receives one dense inner run of a <see cref="StridedLoop"/>: per-operand element offsets of the run's first element.</summary>
internal interface IRunAction
{
    /// <summary>Processes <paramref name="length"/> elements starting at <paramref name="offsets"/>, stepping by the loop's inner strides.</summary>
    void Invoke(scoped ReadOnlySpan<long> offsets, long length);
}

/// <summary>
/// Walks several operands of one (broadcast) shape as a list of inner runs, in C order.
/// </summary>
/// <remarks>
/// Axes of length 1 are dropped and neighbouring axes merged when every operand's strides allow it
/// (<c>stride[i] == shape[i+1] * stride[i+1]</c>), so a C-contiguous operand set becomes a single run and kernels
/// see the longest possible spans. Runs are addressed by an outer index in <c>[0, OuterCount)</c>, so callers can
/// partition the outer range across threads. A broadcast operand has stride 0 on the broadcast axes.
/// </remarks>
internal sealed class StridedLoop
{
    private readonly long[] _shape;
    private readonly long[][] _strides;
    private readonly long[] _baseOffsets;

    public StridedLoop(ReadOnlySpan<long> shape, long[][] strides, long[] baseOffsets)
    {
        int ops = strides.Length;
        _baseOffsets = baseOffsets;
        long size = Shape.ComputeSize(shape);
        IsEmpty = size == 0;

        var dims = new List<long>(shape.Length);
        var st = new List<long>[ops];
        for (int k = 0; k < ops; k++)
        {
            st[k] = new List<long>(shape.Length);
        }

        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1)
            {
                continue;
            }

            if (dims.Count > 0)
            {
                bool mergeable = true;
                for (int k = 0; k < ops; k++)
                {
                    if (st[k][^1] != shape[i] * strides[k][i])
                    {
                        mergeable = false;
                        break;
                    }
                }

                if (mergeable)
                {
                    dims[^1] *= shape[i];
                    for (int k = 0; k < ops; k++)
                    {
                        st[k][^1] = strides[k][i];
                    }

                    continue;
                }
            }

            dims.Add(shape[i]);
            for (int k = 0; k < ops; k++)
            {
                st[k].Add(strides[k][i]);
            }
        }

        if (dims.Count == 0)
        {
            dims.Add(1);
            for (int k = 0; k < ops; k++)
            {
                st[k].Add(0);
            }
        }

        _shape = [.. dims];
        _strides = new long[ops][];
        for (int k = 0; k < ops; k++)
        {
            _strides[k] = [.. st[k]];
        }

        InnerLength = _shape[^1];
        long outer = 1;
        for (int i = 0; i < _shape.Length - 1; i++)
        {
            outer *= _shape[i];
        }

        OuterCount = IsEmpty ? 0 : outer;
    }

    /// <summary>Number of operands.</summary>
    public int Operands => _strides.Length;

    /// <summary>True when the shape has no elements.</summary>
    public bool IsEmpty { get; }

    /// <summary>Elements per run.</summary>
    public long InnerLength { get; }

    /// <summary>Number of runs.</summary>
    public long OuterCount { get; }

    /// <summary>Number of axes after merging (at least 1; the last is the run axis).</summary>
    public int Rank => _shape.Length;

    /// <summary>Length of merged axis <paramref name="axis"/>.</summary>
    public long Length(int axis) => _shape[axis];

    /// <summary>Element stride of operand <paramref name="operand"/> along merged axis <paramref name="axis"/>.</summary>
    public long Stride(int operand, int axis) => _strides[operand][axis];

    /// <summary>Element stride of operand <paramref name="operand"/> inside a run.</summary>
    public long InnerStride(int operand) => _strides[operand][^1];

    /// <summary>Total number of elements (<c>OuterCount * InnerLength</c>).</summary>
    public long ElementCount => OuterCount * InnerLength;

    /// <summary>
    /// Calls <paramref name="action"/> for the elements with flat C-order positions <c>[start, end)</c>: a partial run
    /// at each end, whole runs in between. Lets callers split one long run (a contiguous array) across threads.
    /// </summary>
    public void ForEachRunInElementRange<TAction>(long start, long end, ref TAction action)
        where TAction : IRunAction, allows ref struct
    {
        if (start >= end)
        {
            return;
        }

        long inner = InnerLength;
        long firstRun = start / inner;
        long lastRun = (end - 1) / inner;
        long headSkip = start - (firstRun * inner);
        long tailLength = end - (lastRun * inner);
        if (headSkip == 0 && tailLength == inner)
        {
            ForEachRun(firstRun, lastRun + 1, ref action);
            return;
        }

        if (firstRun == lastRun)
        {
            InvokePartial(firstRun, headSkip, end - start, ref action);
            return;
        }

        long fullStart = firstRun;
        if (headSkip > 0)
        {
            InvokePartial(firstRun, headSkip, inner - headSkip, ref action);
            fullStart++;
        }

        long fullEnd = tailLength == inner ? lastRun + 1 : lastRun;
        ForEachRun(fullStart, fullEnd, ref action);
        if (tailLength < inner)
        {
            InvokePartial(lastRun, 0, tailLength, ref action);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> over every element, split by flat element ranges across threads as
    /// <see cref="ParallelRange.For{TAction}"/> decides (inline for small arrays). Each thread gets its own copy of the
    /// action; the action must only write the elements of the runs it is given.
    /// </summary>
    public void ParallelForEachRun<TAction>(in TAction action, ExecutionSettings? settings = null)
        where TAction : struct, IRunAction
    {
        if (IsEmpty)
        {
            return;
        }

        ParallelRange.For(ElementCount, new ElementRangeAction<TAction>(this, action), settings);
    }

    /// <summary>Calls <paramref name="action"/> for runs <c>[outerStart, outerEnd)</c>, in order.</summary>
    public void ForEachRun<TAction>(long outerStart, long outerEnd, ref TAction action)
        where TAction : IRunAction, allows ref struct
    {
        if (outerStart >= outerEnd)
        {
            return;
        }

        int ops = _strides.Length;
        int outerRank = _shape.Length - 1;
        Span<long> index = outerRank <= 16 ? stackalloc long[outerRank] : new long[outerRank];
        Span<long> offsets = ops <= 8 ? stackalloc long[ops] : new long[ops];

        // Decompose outerStart into a multi-index (C order), then advance it like an odometer.
        long rem = outerStart;
        for (int d = outerRank - 1; d >= 0; d--)
        {
            index[d] = rem % _shape[d];
            rem /= _shape[d];
        }

        for (int k = 0; k < ops; k++)
        {
            long o = _baseOffsets[k];
            for (int d = 0; d < outerRank; d++)
            {
                o += index[d] * _strides[k][d];
            }

            offsets[k] = o;
        }

        for (long r = outerStart; r < outerEnd; r++)
        {
            action.Invoke(offsets, InnerLength);
            for (int d = outerRank - 1; d >= 0; d--)
            {
                if (++index[d] < _shape[d])
                {
                    for (int k = 0; k < ops; k++)
                    {
                        offsets[k] += _strides[k][d];
                    }

                    break;
                }

                index[d] = 0;
                for (int k = 0; k < ops; k++)
                {
                    offsets[k] -= (_shape[d] - 1) * _strides[k][d];
                }
            }
        }
    }

    private readonly struct ElementRangeAction<TAction> : IRangeAction
        where TAction : struct, IRunAction
    {
        private readonly StridedLoop _loop;
        private readonly TAction _action;

        public ElementRangeAction(StridedLoop loop, TAction action)
        {
            _loop = loop;
            _action = action;
        }

        public void Invoke(long start, long end)
        {
            var action = _action;
            _loop.ForEachRunInElementRange(start, end, ref action);
        }
    }

    /// <summary>Invokes <paramref name="action"/> on <paramref name="length"/> elements of run <paramref name="run"/> from position <paramref name="skip"/>.</summary>
    private void InvokePartial<TAction>(long run, long skip, long length, ref TAction action)
        where TAction : IRunAction, allows ref struct
    {
        int ops = _strides.Length;
        int outerRank = _shape.Length - 1;
        Span<long> offsets = ops <= 8 ? stackalloc long[ops] : new long[ops];
        for (int k = 0; k < ops; k++)
        {
            offsets[k] = _baseOffsets[k] + (skip * _strides[k][outerRank]);
        }

        long rem = run;
        for (int d = outerRank - 1; d >= 0; d--)
        {
            long i = rem % _shape[d];
            rem /= _shape[d];
            for (int k = 0; k < ops; k++)
            {
                offsets[k] += i * _strides[k][d];
            }
        }

        action.Invoke(offsets, length);
    }
}
