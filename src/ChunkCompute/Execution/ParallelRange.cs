using System.Runtime.ExceptionServices;

namespace ChunkCompute.Execution;

/// <summary>Work on a half-open index range; a struct so the driver allocates nothing per range.</summary>
public interface IRangeAction
{
    /// <summary>Processes indices <c>[start, end)</c>.</summary>
    void Invoke(long start, long end);
}

/// <summary>
/// Runs a range action over <c>[0, count)</c> split into contiguous parts, one per step of
/// <see cref="ExecutionSettings.StepCount"/>: inline when there is one step, otherwise with <see cref="Parallel.For(int, int, Action{int})"/>.
/// </summary>
/// <remarks>
/// Part <c>i</c> of <c>n</c> covers <c>[i*count/n, (i+1)*count/n)</c>. Results must never depend on where these
/// boundaries fall: reproducible reductions use their own fixed block grid and only use this to spread blocks.
/// </remarks>
public static class ParallelRange
{
    /// <summary>
    /// Runs <paramref name="action"/> over <c>[0, count)</c>, where <paramref name="elementsPerIndex"/> (≥ 1) says how
    /// many elements one index stands for (so the step count reflects the real work).
    /// </summary>
    public static void For<TAction>(long count, in TAction action, ExecutionSettings? settings = null, long elementsPerIndex = 1)
        where TAction : struct, IRangeAction
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        var s = ExecutionSettings.Resolve(settings);
        long work = elementsPerIndex <= 1 ? count : (count > long.MaxValue / elementsPerIndex ? long.MaxValue : count * elementsPerIndex);
        int steps = (int)Math.Min(s.StepCount(work), count);
        if (steps <= 1)
        {
            action.Invoke(0, count);
            return;
        }

        var copy = action;
        try
        {
            Parallel.For(0, steps, new ParallelOptions { MaxDegreeOfParallelism = steps }, i =>
            {
                long start = (long)((Int128)count * i / steps);
                long end = (long)((Int128)count * (i + 1) / steps);
                copy.Invoke(start, end);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The exception a step threw, as the inline (one-step) run throws it: the type a caller sees must not
            // depend on the thread count. When several steps fail, the first one's is thrown.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
