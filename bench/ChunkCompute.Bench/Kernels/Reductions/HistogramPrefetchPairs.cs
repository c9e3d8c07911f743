using System.Diagnostics;
using ChunkCompute.Kernels;

namespace ChunkCompute.Bench.Kernels.Reductions;

/// <summary>
/// Paired A/B of the histogram counting pass's prefetch (<c>--paired-histogram-prefetch [n] [pairs]</c>): each pair
/// runs <c>Histogram(a, 100)</c> with the prefetch off and on, in a random order, in one process. This machine's
/// speed drifts by 20-40% over minutes, more than the effect, so BenchmarkDotNet's back-to-back methods
/// (<c>ReductionBenchmarks.Histogram100_PrefetchOff/On</c>) can rank the two either way; within a pair the drift
/// cancels. Prints best and median of each side and in how many pairs the prefetch was faster.
/// </summary>
public static class HistogramPrefetchPairs
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50_000_000;
        int pairs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;
        using var a = new NdRandom(42).Normal([n], 0, 1);
        double min = a.Min(), max = a.Max();
        var order = new Random(1);
        foreach (bool auto in new[] { true, false })
        {
            var off = new List<double>();
            var on = new List<double>();
            int onFaster = 0;
            for (int p = 0; p <= pairs; p++)
            {
                bool onFirst = order.Next(2) == 1;
                double first = Time(onFirst), second = Time(!onFirst);
                var (tOn, tOff) = onFirst ? (first, second) : (second, first);
                if (p == 0)
                {
                    continue; // warm-up pair
                }

                on.Add(tOn);
                off.Add(tOff);
                onFaster += tOn < tOff ? 1 : 0;
            }

            off.Sort();
            on.Sort();
            Console.WriteLine($"n={n} {(auto ? "auto range " : "range given")}  off: best {off[0]:F2} ms, median {off[pairs / 2]:F2} ms | on: best {on[0]:F2} ms, median {on[pairs / 2]:F2} ms | on faster in {onFaster}/{pairs} pairs");

            double Time(bool prefetch)
            {
                HistogramKernel.PrefetchOverride = prefetch;
                try
                {
                    var sw = Stopwatch.StartNew();
                    var (counts, edges) = auto ? NdArray.Histogram(a, 100) : NdArray.Histogram(a, 100, (min, max));
                    double ms = sw.Elapsed.TotalMilliseconds;
                    counts.Dispose();
                    edges.Dispose();
                    return ms;
                }
                finally
                {
                    HistogramKernel.PrefetchOverride = null;
                }
            }
        }

        return 0;
    }
}
