namespace ChunkCompute.Execution;

/// <summary>
/// Progress of a map: completed items (successful or failed), and elements and bytes when the items are arrays.
/// Totals are <c>null</c> when unknown (a lazily pulled source). Reports are monotonic and the last one of a map
/// that ran to completion has <c>CompletedItems == TotalItems</c>.
/// </summary>
/// <param name="CompletedItems">Items finished so far.</param>
/// <param name="TotalItems">Items in the map, or <c>null</c> when the source is pulled lazily.</param>
/// <param name="CompletedElements">Array elements in the finished items (0 when the items are not arrays).</param>
/// <param name="TotalElements">Array elements in all items, or <c>null</c> when unknown.</param>
/// <param name="CompletedBytes">Array bytes in the finished items.</param>
/// <param name="TotalBytes">Array bytes in all items, or <c>null</c> when unknown.</param>
/// <param name="Elapsed">Time since the map started.</param>
/// <param name="EstimatedRemaining">
/// <c>Elapsed × (total − done) / done</c>, over elements when the items are arrays, else over items;
/// <c>null</c> before the first item completes or when the total is unknown.
/// </param>
public readonly record struct MapProgress(
    long CompletedItems,
    long? TotalItems,
    long CompletedElements,
    long? TotalElements,
    long CompletedBytes,
    long? TotalBytes,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining)
{
    /// <summary>Completed fraction in [0, 1] (elements when known and non-zero, else items), or <c>null</c> when the total is unknown.</summary>
    public double? Fraction =>
        TotalElements is > 0 ? (double)CompletedElements / TotalElements.Value
        : TotalItems is { } t ? (t == 0 ? 1.0 : (double)CompletedItems / t)
        : null;
}
