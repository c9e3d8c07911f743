using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Reductions;

/// <summary>An independent write-up of the documented one-pass variance (src/ChunkCompute/Kernels/Reductions/Moments.cs).</summary>
internal static class VarianceReference
{
    /// <summary>
    /// The documented one-pass variance, written out independently: per 4096-block the reproducible sum, the shift
    /// K = the block's first value, D = reproducible sum of (x - K), and M2 about m = K + D/n; combined in the aligned
    /// power-of-two tree over block indices (missing leaves absent) with Chan's update on shifted means. Returns M2, the sum of squared deviations (0 for no values).
    /// </summary>
    public static double M2(double[] x)
    {
        if (x.Length == 0)
        {
            return 0;
        }

        var leaves = new List<(double K, double D, double M2, long N)>();
        for (int s = 0; s < x.Length; s += ReproducibleSum.BlockSize)
        {
            var block = x.AsSpan(s, Math.Min(ReproducibleSum.BlockSize, x.Length - s));
            double k = block[0];
            var shifted = new double[block.Length];
            for (int i = 0; i < shifted.Length; i++)
            {
                shifted[i] = block[i] - k;
            }

            double d = ReproducibleSum.BlockPartial(shifted);
            double m = k + (d / block.Length);
            var dev = new double[block.Length];
            for (int i = 0; i < dev.Length; i++)
            {
                dev[i] = (block[i] - m) * (block[i] - m);
            }

            leaves.Add((k, d, ReproducibleSum.BlockPartial(dev), block.Length));
        }

        int size = 1;
        while (size < leaves.Count)
        {
            size *= 2;
        }

        var root = Tree(0, size);
        return root.M2;

        (double K, double D, double M2, long N) Tree(int lo, int width)
        {
            if (width == 1)
            {
                return leaves[lo];
            }

            var l = Tree(lo, width / 2);
            if (lo + (width / 2) >= leaves.Count)
            {
                return l;
            }

            var r = Tree(lo + (width / 2), width / 2);
            long n = l.N + r.N;
            double dk = r.K - l.K;
            double delta = (dk + (r.D / r.N)) - (l.D / l.N);
            return (l.K, l.D + (r.D + (r.N * dk)), l.M2 + r.M2 + (delta * delta * ((double)l.N * r.N / n)), n);
        }
    }
}
