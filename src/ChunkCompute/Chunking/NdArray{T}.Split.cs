using ChunkCompute.Chunking;

namespace ChunkCompute;

/// <summary>Splitting into chunk views: <c>np.array_split</c> and <c>np.split</c>.</summary>
public sealed partial class NdArray<T>
{
    /// <summary>
    /// Splits along <paramref name="axis"/> into <paramref name="sections"/> views, exactly as <c>numpy.array_split</c>:
    /// the first <c>length % sections</c> chunks get one extra element, and with more sections than elements the
    /// trailing chunks are empty. Each chunk knows its <see cref="NdArray.Chunk"/> index and offset.
    /// </summary>
    /// <remarks>Splitting a C-contiguous array along axis 0 gives C-contiguous (span-backed) chunks; other axes give strided views.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sections"/> ≤ 0 ("number of sections must be larger than 0").</exception>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c>.</exception>
    public NdArray<T>[] ArraySplit(int sections, int axis = 0)
    {
        int a = SplitAxis(axis);
        return SplitBy(ChunkPlan.ArraySplit(_shape[a], sections), a);
    }

    /// <summary>Splits along <paramref name="axis"/> at <paramref name="indices"/>, as <c>numpy.array_split(a, indices)</c>.</summary>
    public NdArray<T>[] ArraySplit(long[] indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = SplitAxis(axis);
        return SplitBy(ChunkPlan.FromIndices(_shape[a], indices), a);
    }

    /// <summary>As <see cref="ArraySplit(int, int)"/> but the division must be equal, as <c>numpy.split</c>.</summary>
    /// <exception cref="ArgumentException">The axis length is not a multiple of <paramref name="sections"/>.</exception>
    public NdArray<T>[] Split(int sections, int axis = 0)
    {
        int a = SplitAxis(axis);
        return SplitBy(ChunkPlan.Split(_shape[a], sections), a);
    }

    /// <summary>Splits along <paramref name="axis"/> following <paramref name="plan"/>, whose length must match the axis.</summary>
    /// <exception cref="ArgumentException">The plan is for another length.</exception>
    public NdArray<T>[] SplitBy(ChunkPlan plan, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int a = SplitAxis(axis);
        if (plan.Length != _shape[a])
        {
            ThrowHelper.ThrowArgument($"chunk plan is for length {plan.Length} but axis {axis} of shape {Shape} has length {_shape[a]}", nameof(plan));
        }

        // O(sections): one view per chunk. Strides are never mutated after construction, so every chunk shares them.
        var chunks = new NdArray<T>[plan.Count];
        for (int k = 0; k < chunks.Length; k++)
        {
            var (start, length) = plan[k];
            var shape = (long[])_shape.Clone();
            shape[a] = length;
            long offset = length > 0 ? Offset + (start * _strides[a]) : Offset;
            chunks[k] = View(shape, _strides, offset, new ChunkInfo(k, plan.Count, a, start, length));
        }

        return chunks;
    }

    private int SplitAxis(int axis)
    {
        if (NDim == 0)
        {
            ThrowHelper.ThrowArgument("array_split needs an array of at least one dimension; this one is 0-d", nameof(axis));
        }

        return NormalizeAxis(axis, NDim);
    }
}
