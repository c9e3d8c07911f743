using System.Runtime.CompilerServices;
using ChunkCompute.Kernels;

namespace ChunkCompute.Execution.Processes;

/// <summary>
/// Built-in worker kernel behind <see cref="ProcessPool.Sum(NdArray{double}, MapOptions?)"/>: the partials of the
/// aligned super-blocks (64 blocks of 4096 elements) of its chunk, computed exactly as the thread-mode reduction
/// driver does, so the coordinator's <see cref="ReproducibleSum.Combine(ReadOnlySpan{double})"/> over them gives the
/// bits of <c>a.Sum()</c>.
/// </summary>
internal sealed class SuperBlockSumKernel : IChunkReduction<double, SuperBlockPartials>, IChunkReduction<float, SuperBlockPartials>
{
    /// <summary>Elements per super-block.</summary>
    public const long SuperBlockElements = (long)ReproducibleSum.BlockSize * ReproducibleSum.BlocksPerSuperBlock;

    public SuperBlockPartials Reduce(NdArray<double> chunk) => Partials<double>(chunk.AsReadOnlySpan());

    public SuperBlockPartials Reduce(NdArray<float> chunk) => Partials<float>(chunk.AsReadOnlySpan());

    private static SuperBlockPartials Partials<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var result = default(SuperBlockPartials);
        Span<double> blocks = stackalloc double[ReproducibleSum.BlocksPerSuperBlock];
        int count = 0;
        for (long start = 0; start < values.Length; start += SuperBlockElements)
        {
            int n = (int)Math.Min(SuperBlockElements, values.Length - start);
            int blockCount = (int)ReproducibleSum.BlockCount(n);
            if (typeof(T) == typeof(double))
            {
                ReproducibleSum.BlockPartials(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values.Slice((int)start, n)), blocks);
            }
            else
            {
                var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values.Slice((int)start, n));
                for (int b = 0; b < blockCount; b++)
                {
                    int s = b * ReproducibleSum.BlockSize;
                    blocks[b] = ReproducibleSum.BlockPartial(floats.Slice(s, Math.Min(ReproducibleSum.BlockSize, n - s)));
                }
            }

            result[count++] = ReproducibleSum.Combine(blocks[..blockCount]);
        }

        result.Count = count;
        return result;
    }
}

/// <summary>Up to <see cref="Capacity"/> super-block partials of one chunk (a fixed-size, unmanaged result).</summary>
internal struct SuperBlockPartials
{
    /// <summary>Most super-blocks one chunk may hold.</summary>
    public const int Capacity = 16;

    private Buffer _values;

    /// <summary>Number of partials set.</summary>
    public int Count;

    public double this[int index]
    {
        readonly get => _values[index];
        set => _values[index] = value;
    }

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private double _element;
    }
}
