using System.Numerics.Tensors;
using ChunkCompute.Execution.Processes;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Processes;

/// <summary>The seed's <c>sum(sin(chunk))</c>: our vectorised sin into a cache-sized scratch block, then a SIMD sum.</summary>
public sealed class SumOfSinesKernel : IChunkReduction<double, double>
{
    private const int Block = 16 * 1024;

    [ThreadStatic]
    private static double[]? t_scratch;

    public double Reduce(NdArray<double> chunk)
    {
        ReadOnlySpan<double> x = chunk.AsReadOnlySpan();
        var scratch = t_scratch ??= new double[Block];
        double total = 0;
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            SpanMath.Sin(x.Slice(start, n), scratch.AsSpan(0, n));
            total += TensorPrimitives.Sum<double>(scratch.AsSpan(0, n));
        }

        return total;
    }
}

/// <summary>Does nothing but report the chunk length: measures the pool's per-chunk dispatch cost.</summary>
public sealed class ChunkLengthKernel : IChunkReduction<double, long>
{
    public long Reduce(NdArray<double> chunk) => chunk.Size;
}
