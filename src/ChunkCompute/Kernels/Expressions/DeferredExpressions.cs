using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Elementwise;
using ChunkCompute.Storage;

namespace ChunkCompute.Kernels.Expressions;

/// <summary>The operators that build deferred nodes.</summary>
internal enum ExpressionOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,
}

/// <summary>
/// Where deferred expressions are made and consumed: the C# operators of <see cref="NdArray{T}"/> build them
/// (<see cref="Binary{T}(ExpressionOperator, NdArray{T}, NdArray{T})"/>, …), and the elementwise loop fuses a deferred
/// input into a named function's own operation (<see cref="TryFuseUnary"/>, <see cref="TryFuseBinary"/>).
/// </summary>
/// <remarks>
/// An operator defers only when the result has at least <see cref="MinimumElements"/> elements, its element type is
/// float or double, every array operand is C-contiguous with exactly the result's shape (no broadcasting), and no
/// operand storage is exposed or disposed; everything else returns null and the caller takes the eager path, which
/// also produces the usual errors (shape mismatch, disposed operand) at operator time. Trees stay at most
/// <see cref="MaxNodes"/> nodes: a larger deferred operand is evaluated first and becomes a leaf.
/// </remarks>
internal static class DeferredExpressions
{
    /// <summary>Most nodes in one deferred tree (bounds the scratch slots and the compile cost per evaluation).</summary>
    public const int MaxNodes = 16;

    private static long s_minimumElements = 32_768;

    /// <summary>
    /// Smallest result that operators defer (default 32,768: below that an eager pass costs about what the
    /// bookkeeping does). Tests lower it to exercise small sizes; <see cref="long.MaxValue"/> turns deferral off.
    /// </summary>
    internal static long MinimumElements
    {
        get => Volatile.Read(ref s_minimumElements);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Volatile.Write(ref s_minimumElements, value);
        }
    }

    /// <summary><c>x op y</c> deferred, or null for the eager path.</summary>
    public static NdArray<T>? Binary<T>(ExpressionOperator op, NdArray<T> x, NdArray<T> y)
        where T : unmanaged
    {
        if (!IsFloat<T>() || x is null || y is null || x.Size < MinimumElements || !x.Shape.Equals(y.Shape))
        {
            return null;
        }

        return Combine(op, x, Operand(x), Operand(y));
    }

    /// <summary><c>x op y</c> with a scalar right operand, deferred, or null.</summary>
    public static NdArray<T>? Binary<T>(ExpressionOperator op, NdArray<T> x, T y)
        where T : unmanaged
    {
        if (!IsFloat<T>() || x is null || x.Size < MinimumElements)
        {
            return null;
        }

        return Combine(op, x, Operand(x), new Pending<T>(new ScalarNode<T>(y), null));
    }

    /// <summary><c>x op y</c> with a scalar left operand, deferred, or null.</summary>
    public static NdArray<T>? Binary<T>(ExpressionOperator op, T x, NdArray<T> y)
        where T : unmanaged
    {
        if (!IsFloat<T>() || y is null || y.Size < MinimumElements)
        {
            return null;
        }

        return Combine(op, y, new Pending<T>(new ScalarNode<T>(x), null), Operand(y));
    }

    /// <summary><c>-x</c> deferred, or null.</summary>
    public static NdArray<T>? Negate<T>(NdArray<T> x)
        where T : unmanaged
    {
        if (!IsFloat<T>() || x is null || x.Size < MinimumElements)
        {
            return null;
        }

        var nx = Operand(x);
        if (nx.Node is null)
        {
            return null;
        }

        if (1 + nx.Node.NodeCount > MaxNodes)
        {
            nx = Materialize(nx); // more than one node: an inlined expression
        }

        return Build(MakeNode(ExpressionOperator.Negate, nx.Node!, null), x);
    }

    /// <summary>
    /// A named unary function (<c>NdArray.Sqrt(x)</c>, …) on a deferred <paramref name="x"/>: evaluates x's tree with
    /// <typeparamref name="TK"/> as its root straight into the output, without materialising x (which stays deferred).
    /// False when x is not a whole pending expression or the output does not fit; the caller then runs its loop.
    /// </summary>
    public static bool TryFuseUnary<TIn, TOut, TK>(NdArray<TIn> x, NdArray<TOut>? output, ExecutionSettings? settings, [NotNullWhen(true)] out NdArray<TOut>? result)
        where TIn : unmanaged
        where TOut : unmanaged
        where TK : IUnaryKernel<TIn, TOut>
    {
        result = null;
        if (typeof(TIn) != typeof(TOut) || !x.Storage.IsPending)
        {
            return false;
        }

        var xo = (NdArray<TOut>)(object)x;
        if (!ApplyOutputBarrier(output, xo.Shape))
        {
            return false;
        }

        var tree = WholeTree(xo);
        if (tree is null)
        {
            return false;
        }

        result = Run(new UnaryNode<TIn, TOut, TK>(tree), output, xo.Shape, settings);
        return true;
    }

    /// <summary>
    /// A named binary function with at least one deferred operand: the other operand is a leaf (same shape,
    /// C-contiguous), a 0-d scalar, or deferred as well. False when the shapes broadcast or the output does not fit.
    /// </summary>
    public static bool TryFuseBinary<T1, T2, TOut, TK>(NdArray<T1> x, NdArray<T2> y, NdArray<TOut>? output, ExecutionSettings? settings, [NotNullWhen(true)] out NdArray<TOut>? result)
        where T1 : unmanaged
        where T2 : unmanaged
        where TOut : unmanaged
        where TK : IBinaryKernel<T1, T2, TOut>
    {
        result = null;
        if (typeof(T1) != typeof(TOut) || typeof(T2) != typeof(TOut) || (!x.Storage.IsPending && !y.Storage.IsPending))
        {
            return false;
        }

        var xo = (NdArray<TOut>)(object)x;
        var yo = (NdArray<TOut>)(object)y;
        var shape = xo.NDim == 0 ? yo.Shape : xo.Shape;
        if ((xo.NDim != 0 && !xo.Shape.Equals(shape)) || (yo.NDim != 0 && !yo.Shape.Equals(shape)) || !ApplyOutputBarrier(output, shape))
        {
            return false;
        }

        var nx = ImmediateOperand(xo, shape, output);
        var ny = ImmediateOperand(yo, shape, output);
        if (nx is null || ny is null || (nx is not OperatorNode<TOut> && ny is not OperatorNode<TOut>))
        {
            return false;
        }

        result = Run(new BinaryNode<T1, T2, TOut, TK>(nx, ny), output, shape, settings);
        return true;
    }

    private static bool IsFloat<T>()
        where T : unmanaged => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    /// <summary>What an operand of an operator contributes: its tree when it is a whole pending expression, else a leaf; Node null means "eager".</summary>
    private static Pending<T> Operand<T>(NdArray<T> a)
        where T : unmanaged
    {
        if (!a.IsCContiguous)
        {
            return default;
        }

        var storage = a.Storage;
        if (storage is DeferredStorage<T> deferred && a.Offset == 0 && a.Size == deferred.Length && deferred.PendingTree is { } tree)
        {
            return new Pending<T>(tree, deferred);
        }

        if (storage.IsPending)
        {
            // Part of a pending result: the eager operator would compute it anyway; then it is an ordinary input.
            _ = storage.DangerousGetReferenceForRead();
        }

        return storage.IsExposed || storage.IsDisposed ? default : new Pending<T>(new LeafNode<T>(storage, a.Offset), null);
    }

    private static NdArray<T>? Combine<T>(ExpressionOperator op, NdArray<T> shapeOf, Pending<T> x, Pending<T> y)
        where T : unmanaged
    {
        if (x.Node is null || y.Node is null)
        {
            return null;
        }

        // Too large: evaluate the bigger inlined operand (then the other, if still needed) and read it as a leaf.
        while (1 + x.Node!.NodeCount + y.Node!.NodeCount > MaxNodes)
        {
            bool xFirst = x.Source is not null && (y.Source is null || x.Node.NodeCount >= y.Node.NodeCount);
            if (xFirst)
            {
                x = Materialize(x);
            }
            else
            {
                y = Materialize(y);
            }
        }

        return Build(MakeNode(op, x.Node, y.Node), shapeOf);
    }

    private static Pending<T> Materialize<T>(Pending<T> p)
        where T : unmanaged
    {
        p.Source!.Evaluate();
        return new Pending<T>(new LeafNode<T>(p.Source, 0), null);
    }

    private static NdArray<T> Build<T>(OperatorNode<T> root, NdArray<T> shapeOf)
        where T : unmanaged
    {
        long[] shape = shapeOf.Shape.ToArray();
        var storage = new DeferredStorage<T>(root, shapeOf.Size);
        return new NdArray<T>(storage, shape, NdArray.CStrides(shape), 0, ownsStorage: true);
    }

    private static OperatorNode<T> MakeNode<T>(ExpressionOperator op, ExpressionNode<T> x, ExpressionNode<T>? y)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return (OperatorNode<T>)(object)MakeFloatNode(op, (ExpressionNode<double>)(object)x, (ExpressionNode<double>?)(object?)y);
        }

        return (OperatorNode<T>)(object)MakeFloatNode(op, (ExpressionNode<float>)(object)x, (ExpressionNode<float>?)(object?)y);
    }

    /// <summary>The node calling the kernel the eager operator calls (see <c>NdArray.Add&lt;T&gt;</c> and friends).</summary>
    private static OperatorNode<TF> MakeFloatNode<TF>(ExpressionOperator op, ExpressionNode<TF> x, ExpressionNode<TF>? y)
        where TF : unmanaged, IFloatingPointIeee754<TF> => op switch
        {
            ExpressionOperator.Add => new BinaryNode<TF, TF, TF, AddKernel<TF>>(x, y!),
            ExpressionOperator.Subtract => new BinaryNode<TF, TF, TF, SubtractKernel<TF>>(x, y!),
            ExpressionOperator.Multiply => new BinaryNode<TF, TF, TF, MultiplyKernel<TF>>(x, y!),
            ExpressionOperator.Divide => new BinaryNode<TF, TF, TF, DivideKernel<TF>>(x, y!),
            _ => new UnaryNode<TF, TF, NegateKernel<TF>>(x),
        };

    /// <summary>
    /// The output's write barrier for a fused call: evaluates whatever reads the output (possibly the deferred input
    /// itself, which then is no longer pending). False when the output needs the loop's checks, messages or temporary.
    /// </summary>
    private static bool ApplyOutputBarrier<T>(NdArray<T>? output, Shape shape)
        where T : unmanaged
    {
        if (output is null)
        {
            return true;
        }

        if (output.IsDisposed || !output.IsWriteable || !output.IsCContiguous || !output.Shape.Equals(shape))
        {
            return false;
        }

        _ = output.Storage.DangerousGetReferenceInternal();
        return true;
    }

    /// <summary>The tree of a whole pending expression, else null.</summary>
    private static OperatorNode<T>? WholeTree<T>(NdArray<T> a)
        where T : unmanaged
        => a.Storage is DeferredStorage<T> d && a.Offset == 0 && a.IsCContiguous && a.Size == d.Length ? d.PendingTree : null;

    /// <summary>An operand of a fused call (evaluated right now, so exposure does not matter): a tree, a scalar or a leaf; null to decline.</summary>
    private static ExpressionNode<T>? ImmediateOperand<T>(NdArray<T> a, Shape shape, NdArray<T>? output)
        where T : unmanaged
    {
        if (a.Shape.Equals(shape) && WholeTree(a) is { } tree)
        {
            return tree;
        }

        if (a.NDim == 0)
        {
            return new ScalarNode<T>(a.DangerousGetReferenceForRead()); // read now: the call is eager
        }

        var storage = a.Storage;
        if (!a.IsCContiguous || storage.IsDisposed)
        {
            return null;
        }

        if (output is not null && ReferenceEquals(storage, output.Storage) && a.Offset != output.Offset)
        {
            return null; // partial overlap: the loop computes through a temporary
        }

        if (storage.IsPending)
        {
            _ = storage.DangerousGetReferenceForRead(); // a part of a pending result: compute it
        }

        return new LeafNode<T>(storage, a.Offset);
    }

    private static NdArray<T> Run<T>(OperatorNode<T> root, NdArray<T>? output, Shape shape, ExecutionSettings? settings)
        where T : unmanaged
    {
        output ??= NdArray.Empty<T>(shape.ToArray());
        ExpressionDriver.Evaluate(root, output.Storage, output.Offset, output.Size, settings);
        GC.KeepAlive(output);
        return output;
    }

    /// <summary>An operand's node and, when it is an inlined pending expression, the storage it came from.</summary>
    private readonly record struct Pending<T>(ExpressionNode<T>? Node, DeferredStorage<T>? Source)
        where T : unmanaged;
}
