using System.Text.Json.Serialization;

namespace ChunkCompute.Cli.Stats;

/// <summary>Descriptive statistics of one array (or of one slice along <c>--axis</c>), NaN-aware.</summary>
internal sealed class StatsResult
{
    /// <summary>Label of the slice (e.g. <c>[:, 3]</c>) or null for the whole array.</summary>
    [JsonPropertyName("slice")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Slice { get; init; }

    /// <summary>Number of elements, NaN included.</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }

    /// <summary>Number of NaN elements (statistics below ignore them, like NumPy's nan* functions).</summary>
    [JsonPropertyName("nan_count")]
    public long NaNCount { get; init; }

    [JsonPropertyName("sum")]
    public double Sum { get; init; }

    [JsonPropertyName("mean")]
    public double Mean { get; init; }

    /// <summary>Population standard deviation (ddof = 0, NumPy's default).</summary>
    [JsonPropertyName("std")]
    public double Std { get; init; }

    [JsonPropertyName("min")]
    public double Min { get; init; }

    [JsonPropertyName("max")]
    public double Max { get; init; }

    /// <summary>Percentile (NumPy's default linear method) by level, e.g. "50" → median; NaN ignored.</summary>
    [JsonPropertyName("percentiles")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, double>? Percentiles { get; init; }

    /// <summary>Bin edges (bins + 1) over [min, max], as <c>np.histogram(a, bins, range=(min, max))</c>.</summary>
    [JsonPropertyName("histogram_edges")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? HistogramEdges { get; init; }

    /// <summary>Counts per bin (half-open bins, the last closed).</summary>
    [JsonPropertyName("histogram_counts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? HistogramCounts { get; init; }
}

/// <summary>The whole report of one <c>stats</c> run (the <c>--json</c> document).</summary>
internal sealed class StatsReport
{
    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("dtype")]
    public required string DType { get; init; }

    [JsonPropertyName("shape")]
    public required long[] Shape { get; init; }

    [JsonPropertyName("axis")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Axis { get; init; }

    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("workers")]
    public int Workers { get; init; }

    [JsonPropertyName("chunks")]
    public int Chunks { get; init; }

    /// <summary>Statistics of the whole array (no <c>--axis</c>) or null.</summary>
    [JsonPropertyName("stats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatsResult? Stats { get; init; }

    /// <summary>One entry per slice along the other axis when <c>--axis</c> is given.</summary>
    [JsonPropertyName("slices")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StatsResult>? Slices { get; init; }

    [JsonPropertyName("elapsed_seconds")]
    public double ElapsedSeconds { get; set; }

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("gb_per_second")]
    public double GigabytesPerSecond { get; set; }
}
