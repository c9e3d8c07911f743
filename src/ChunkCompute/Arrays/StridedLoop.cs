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

    /// <summary>Element stride of operand <paramref name="operand"/> inside a run.</summary>
    public long InnerStride(int operand) => _strides[operand][^1];

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
}
