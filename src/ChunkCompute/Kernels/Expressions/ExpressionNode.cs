using System.Runtime.InteropServices;
using ChunkCompute.Kernels.Elementwise;
using ChunkCompute.Storage;

namespace ChunkCompute.Kernels.Expressions;

/// <summary>
/// A node of a deferred elementwise expression: every operand has the result's length and is read at the same flat
/// index, so the tree can be evaluated block by block. Nodes are immutable and may be shared by several trees (a
/// deferred operand is inlined into the expression that uses it).
/// </summary>
/// <typeparam name="T">The element type of the node's values.</typeparam>
internal abstract class ExpressionNode<T>
    where T : unmanaged
{
    protected ExpressionNode(int nodeCount) => NodeCount = nodeCount;

    /// <summary>Nodes in this subtree (itself included); operators cap it (<see cref="DeferredExpressions.MaxNodes"/>).</summary>
    public int NodeCount { get; }
}

/// <summary>An input: <c>length</c> consecutive elements of <see cref="Storage"/> from <see cref="Offset"/> (a C-contiguous array or view).</summary>
internal sealed class LeafNode<T>(Storage<T> storage, long offset) : ExpressionNode<T>(1)
    where T : unmanaged
{
    public Storage<T> Storage { get; } = storage;

    public long Offset { get; } = offset;
}

/// <summary>A scalar operand (the <c>T</c> side of <c>x + 2.0</c>), broadcast to every element.</summary>
internal sealed class ScalarNode<T>(T value) : ExpressionNode<T>(1)
    where T : unmanaged
{
    public T Value { get; } = value;
}

/// <summary>An elementwise operation on one or two child values, computed by the same span kernel as the eager path.</summary>
internal abstract class OperatorNode<T> : ExpressionNode<T>
    where T : unmanaged
{
    protected OperatorNode(ExpressionNode<T> x, ExpressionNode<T>? y)
        : base(1 + x.NodeCount + (y?.NodeCount ?? 0))
    {
        X = x;
        Y = y;
    }

    public ExpressionNode<T> X { get; }

    /// <summary>The second operand; null for unary operations.</summary>
    public ExpressionNode<T>? Y { get; }

    /// <summary>Writes the operation of <paramref name="x"/> (and <paramref name="y"/>) to <paramref name="destination"/>; inputs may be the destination itself.</summary>
    public abstract void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);
}

/// <summary>
/// <c>TK(x)</c>. The kernel's input type is a separate parameter only so that the generic elementwise loop can build
/// the node from its own <see cref="IUnaryKernel{TIn, TOut}"/>; it is always <typeparamref name="T"/>.
/// </summary>
internal sealed class UnaryNode<TIn, T, TK> : OperatorNode<T>
    where TIn : unmanaged
    where T : unmanaged
    where TK : IUnaryKernel<TIn, T>
{
    public UnaryNode(ExpressionNode<T> x)
        : base(x, null)
    {
        if (typeof(TIn) != typeof(T))
        {
            ThrowHelper.ThrowInvalidOperation($"an expression node needs one element type; got {typeof(TIn).Name} -> {typeof(T).Name}");
        }
    }

    public override void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TK.Invoke(MemoryMarshal.Cast<T, TIn>(x), destination);
}

/// <summary><c>TK(x, y)</c> (operand order kept: it decides NaN payloads as well as <c>-</c> and <c>/</c>).</summary>
internal sealed class BinaryNode<T1, T2, T, TK> : OperatorNode<T>
    where T1 : unmanaged
    where T2 : unmanaged
    where T : unmanaged
    where TK : IBinaryKernel<T1, T2, T>
{
    public BinaryNode(ExpressionNode<T> x, ExpressionNode<T> y)
        : base(x, y)
    {
        if (typeof(T1) != typeof(T) || typeof(T2) != typeof(T))
        {
            ThrowHelper.ThrowInvalidOperation($"an expression node needs one element type; got ({typeof(T1).Name}, {typeof(T2).Name}) -> {typeof(T).Name}");
        }
    }

    public override void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        => TK.Invoke(MemoryMarshal.Cast<T, T1>(x), MemoryMarshal.Cast<T, T2>(y), destination);
}
