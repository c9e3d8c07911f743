namespace ChunkCompute.Kernels;

/// <summary>
/// The geometry of reducing an array over a set of axes, computed once at the boundary: which axes are reduced,
/// the output shape, and the kept/reduced dimensions after dropping length-1 axes and merging neighbours whose
/// strides allow it. Drivers walk outputs (kept index space, C order) and, per output, the reduced elements in
/// C order of the reduced axes; that order is part of every reduction's definition.
/// </summary>
internal sealed class ReductionPlan
{
    private ReductionPlan(long[] outShape, long outSize, long reducedLength, long[] keptLen, long[] keptStride, long[] redLen, long[] redStride, long baseOffset)
    {
        OutShape = outShape;
        OutSize = outSize;
        ReducedLength = reducedLength;
        KeptLengths = keptLen;
        KeptStrides = keptStride;
        ReducedLengths = redLen;
        ReducedStrides = redStride;
        BaseOffset = baseOffset;
    }

    /// <summary>Shape of the result (with 1s for reduced axes when keepdims).</summary>
    public long[] OutShape { get; }

    /// <summary>Number of outputs.</summary>
    public long OutSize { get; }

    /// <summary>Number of elements reduced into each output.</summary>
    public long ReducedLength { get; }

    /// <summary>Kept dimensions (merged, length-1 dropped), C order of the output.</summary>
    public long[] KeptLengths { get; }

    /// <summary>Element strides of <see cref="KeptLengths"/> in the input.</summary>
    public long[] KeptStrides { get; }

    /// <summary>Reduced dimensions (merged, length-1 dropped), in C order.</summary>
    public long[] ReducedLengths { get; }

    /// <summary>Element strides of <see cref="ReducedLengths"/>.</summary>
    public long[] ReducedStrides { get; }

    /// <summary>Element offset (in storage) of the array's first element.</summary>
    public long BaseOffset { get; }

    /// <summary>True when each output's reduced elements are one dense run with stride 1.</summary>
    public bool ReducedIsDenseRun => ReducedLengths.Length == 0 || (ReducedLengths.Length == 1 && ReducedStrides[0] == 1);

    /// <summary>Length of the innermost kept dimension (the "columns" walked together), 1 when none.</summary>
    public long ColumnLength => KeptLengths.Length == 0 ? 1 : KeptLengths[^1];

    /// <summary>Stride of the innermost kept dimension.</summary>
    public long ColumnStride => KeptStrides.Length == 0 ? 0 : KeptStrides[^1];

    /// <summary>Number of column groups: product of the kept lengths except the innermost.</summary>
    public long OuterCount => ColumnLength == 0 ? 0 : OutSize / ColumnLength;

    /// <summary>
    /// Normalises <paramref name="axes"/> (null = all) against <paramref name="a"/>: each in <c>[-ndim, ndim)</c>
    /// (else <see cref="AxisOutOfRangeException"/>), no duplicates (else <see cref="ArgumentException"/>). A 0-d
    /// array has no axis, so every explicit axis is out of range; NumPy 1.24 keeps a legacy exception for
    /// <c>axis=0</c> and <c>axis=-1</c> in some reductions (sum, max, argmax, any, nansum…) but not in others
    /// (mean, var, std, median), and that split is not copied here.
    /// </summary>
    public static ReductionPlan Create(NdArray a, ReadOnlySpan<int> axes, bool allAxes, bool keepDims)
    {
        int nd = a.NDim;
        var reduced = new bool[nd];
        if (allAxes)
        {
            Array.Fill(reduced, true);
        }
        else
        {
            foreach (int ax in axes)
            {
                int n = NdArray.NormalizeAxis(ax, nd);
                if (reduced[n])
                {
                    ThrowHelper.ThrowArgument($"duplicate value in 'axis': axis {ax} (normalised {n}) appears more than once for array of dimension {nd}", "axis");
                }

                reduced[n] = true;
            }
        }

        var shape = a.Shape;
        var strides = a.Strides;
        var outShape = new List<long>(nd);
        long outSize = 1, redLen = 1;
        var kl = new List<long>();
        var ks = new List<long>();
        var rl = new List<long>();
        var rs = new List<long>();
        for (int i = 0; i < nd; i++)
        {
            long len = shape[i];
            if (reduced[i])
            {
                redLen *= len;
                if (keepDims)
                {
                    outShape.Add(1);
                }

                AddDim(rl, rs, len, strides[i]);
            }
            else
            {
                outSize *= len;
                outShape.Add(len);
                AddDim(kl, ks, len, strides[i]);
            }
        }

        if (outSize == 0 || redLen == 0)
        {
            // Nothing to walk on one side: keep the lengths so sizes stay right, strides do not matter.
            kl.Clear();
            ks.Clear();
            rl.Clear();
            rs.Clear();
            if (outSize != 1)
            {
                kl.Add(outSize);
                ks.Add(0);
            }

            if (redLen != 1)
            {
                rl.Add(redLen);
                rs.Add(0);
            }
        }

        return new ReductionPlan([.. outShape], outSize, redLen, [.. kl], [.. ks], [.. rl], [.. rs], a.Offset);
    }

    private static void AddDim(List<long> lens, List<long> strides, long len, long stride)
    {
        if (len == 1)
        {
            return;
        }

        if (lens.Count > 0 && strides[^1] == len * stride)
        {
            lens[^1] *= len;
            strides[^1] = stride;
            return;
        }

        lens.Add(len);
        strides.Add(stride);
    }

    /// <summary>Input offset (relative to <see cref="BaseOffset"/>) of the first element of output group <paramref name="outer"/> (column 0).</summary>
    public long OuterOffset(long outer)
    {
        long off = 0;
        for (int d = KeptLengths.Length - 2; d >= 0; d--)
        {
            off += outer % KeptLengths[d] * KeptStrides[d];
            outer /= KeptLengths[d];
        }

        return off;
    }

    /// <summary>Input offset (relative to <see cref="BaseOffset"/>) of output <paramref name="flat"/> (C order).</summary>
    public long OutputOffset(long flat)
    {
        long off = 0;
        for (int d = KeptLengths.Length - 1; d >= 0; d--)
        {
            off += flat % KeptLengths[d] * KeptStrides[d];
            flat /= KeptLengths[d];
        }

        return off;
    }

    /// <summary>An odometer over the reduced elements in C order, yielding their offsets.</summary>
    public Odometer ReducedOdometer() => new(ReducedLengths, ReducedStrides, 0);
}

/// <summary>Walks a multi-index in C order, keeping the element offset current (no division per step).</summary>
internal struct Odometer
{
    private readonly long[] _lengths;
    private readonly long[] _strides;
    private readonly long[] _index;

    public Odometer(long[] lengths, long[] strides, long start)
    {
        _lengths = lengths;
        _strides = strides;
        _index = new long[lengths.Length];
        Offset = 0;
        for (int d = lengths.Length - 1; d >= 0; d--)
        {
            _index[d] = start % lengths[d];
            start /= lengths[d];
            Offset += _index[d] * strides[d];
        }
    }

    /// <summary>Offset of the current element.</summary>
    public long Offset { get; private set; }

    /// <summary>Moves to the next element in C order.</summary>
    public void Next()
    {
        for (int d = _lengths.Length - 1; d >= 0; d--)
        {
            if (++_index[d] < _lengths[d])
            {
                Offset += _strides[d];
                return;
            }

            _index[d] = 0;
            Offset -= (_lengths[d] - 1) * _strides[d];
        }
    }
}
