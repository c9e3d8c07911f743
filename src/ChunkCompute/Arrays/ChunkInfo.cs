namespace ChunkCompute;

/// <summary>
/// Where a chunk made by <c>ArraySplit</c> sits in its parent: its index among the chunks, the axis split, and its
/// offset and length along that axis.
/// </summary>
/// <param name="Index">Position of the chunk in the split (0-based).</param>
/// <param name="Count">Number of chunks in the split.</param>
/// <param name="Axis">The (non-negative) axis that was split.</param>
/// <param name="Offset">Index of the chunk's first element along <paramref name="Axis"/> in the parent.</param>
/// <param name="Length">Number of elements along <paramref name="Axis"/> (0 for a trailing empty chunk).</param>
public readonly record struct ChunkInfo(int Index, int Count, int Axis, long Offset, long Length)
{
    /// <summary>NumPy-style half-open range along the axis, e.g. <c>chunk 2/8 [250:375] on axis 0</c>.</summary>
    public override string ToString() => $"chunk {Index}/{Count} [{Offset}:{Offset + Length}] on axis {Axis}";
}
