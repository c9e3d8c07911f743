using ChunkCompute.Chunking;
using ChunkCompute.Kernels;

namespace ChunkCompute.Execution.Processes;

public sealed partial class ProcessPool
{
    /// <summary>
    /// The sum of every element, computed in the worker processes with the same bits as <c>a.Sum()</c> in this process
    /// (any thread count): workers return the partials of aligned super-blocks of 262,144 elements, which are combined
    /// here in the fixed pairwise tree of <see cref="ReproducibleSum"/>.
    /// </summary>
    /// <param name="input">The array (a mapped <c>.npy</c> is read by the workers in place; a non-C-contiguous or in-memory array is written once to a temporary file).</param>
    /// <param name="options">Retries, timeouts, progress and cancellation of the underlying map.</param>
    /// <returns>The sum (0 for an empty array).</returns>
    public double Sum(NdArray<double> input, MapOptions? options = null) => SumAsync(input, options).GetAwaiter().GetResult();

    /// <summary>As <see cref="Sum(NdArray{double}, MapOptions?)"/> for float32 (accumulated in float64, rounded to float32 as <c>a.Sum()</c>).</summary>
    /// <param name="input">The array.</param>
    /// <param name="options">Options of the underlying map.</param>
    /// <returns>The sum, as <c>a.Sum()</c> returns it.</returns>
    public double Sum(NdArray<float> input, MapOptions? options = null) => (float)SumAsync(input, options).GetAwaiter().GetResult();

    private async Task<double> SumAsync<T>(NdArray<T> input, MapOptions? options)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Size == 0)
        {
            return 0.0;
        }

        // Flat C order, as the thread-mode driver sees the elements.
        var flat = (input.IsCContiguous ? input : input.Copy()).Reshape(input.Size);
        long superBlocks = ((input.Size - 1) / SuperBlockSumKernel.SuperBlockElements) + 1;
        long perChunk = Math.Clamp(((superBlocks - 1) / (4L * _workers.Length)) + 1, 1, SuperBlockPartials.Capacity);
        var plan = ChunkPlan.FixedSize(input.Size, perChunk * SuperBlockSumKernel.SuperBlockElements);
        var identity = KernelLoader.Describe(new SuperBlockSumKernel(), typeof(IChunkReduction<,>), typeof(T), typeof(SuperBlockPartials));
        var chunks = await MapItemsAsync<T, SuperBlockPartials>(identity, flat, flat.SplitBy(plan), options).ConfigureAwait(false);

        var partials = new double[superBlocks];
        int k = 0;
        foreach (var chunk in chunks)
        {
            for (int i = 0; i < chunk.Count; i++)
            {
                partials[k++] = chunk[i];
            }
        }

        return ReproducibleSum.Combine(partials.AsSpan(0, k));
    }
}
