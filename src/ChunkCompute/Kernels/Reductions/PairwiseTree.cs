using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>Combines two partials of a reduction, <c>left</c> covering indices before <c>right</c>.</summary>
/// <typeparam name="TAcc">The partial's type.</typeparam>
internal interface ICombine<TAcc>
{
    static abstract TAcc Combine(TAcc left, TAcc right);
}

/// <summary><c>left + right</c></summary>
internal readonly struct DoubleAdd : ICombine<double>
{
    public static double Combine(double left, double right) => left + right;
}

/// <summary>Up to 64 partials (one per tree level).</summary>
[InlineArray(64)]
internal struct TreeLevels<TAcc>
{
    private TAcc _element0;
}

/// <summary>
/// The aligned pairwise tree over leaves pushed in index order, as a binary counter: after <c>k</c> pushes, level
/// <c>l</c> holds the complete subtree of <c>2^l</c> leaves iff bit <c>l</c> of <c>k</c> is set. <see cref="Result"/>
/// folds the remaining subtrees right to left, which equals the power-of-two tree with the missing leaves absent,
/// so the result does not depend on how the leaves were grouped into aligned subtrees by threads.
/// </summary>
internal struct PairwiseTree<TAcc, TCombine>
    where TCombine : ICombine<TAcc>
{
    private TreeLevels<TAcc> _levels;
    private long _count;

    public readonly long Count => _count;

    public void Push(TAcc leaf)
    {
        int lvl = 0;
        for (; ((_count >> lvl) & 1) != 0; lvl++)
        {
            leaf = TCombine.Combine(_levels[lvl], leaf);
        }

        _levels[lvl] = leaf;
        _count++;
    }

    /// <summary>The root (requires at least one leaf).</summary>
    public readonly TAcc Result()
    {
        TAcc acc = default!;
        bool any = false;
        for (int lvl = 0; lvl < 63; lvl++)
        {
            if (((_count >> lvl) & 1) != 0)
            {
                acc = any ? TCombine.Combine(_levels[lvl], acc) : _levels[lvl];
                any = true;
            }
        }

        return acc;
    }
}
