using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Elementwise;
using ChunkCompute.Storage;

namespace ChunkCompute.Kernels.Expressions;

/// <summary>
/// The one evaluator of deferred elementwise expressions (<see cref="OperatorNode{T}"/> trees): the output range is
/// cut into blocks of <see cref="BlockBytes"/>; each block runs the whole tree through L1-resident scratch buffers
/// and only the root's values reach the destination, so <c>sqrt(a*a + b*b)</c> moves 3 arrays through memory instead
/// of 9.
/// </summary>
/// <remarks>
/// <para><b>Program.</b> The tree is compiled once per evaluation into a list of steps in post order
/// (<see cref="ExpressionProgram{T}"/>). Leaves are read in place, scalars are filled into a buffer once per thread,
/// every inner node writes into a scratch slot (a slot is reused as soon as its value was consumed; kernels accept a
/// destination equal to an input), and the root writes the destination block.</para>
/// <para><b>Bits.</b> Each step calls the span kernel the eager operator calls (<see cref="AddKernel{T}"/>,
/// <see cref="SqrtKernel{T}"/>, …) on the same elements in the same operand order, and these kernels are exact
/// elementwise IEEE operations, so the result is bit-identical to the eager one (no FMA contraction of
/// <c>a*b+c</c>), whatever the block or thread boundaries.</para>
/// <para><b>Threads and stores.</b> Blocks are spread by <see cref="ParallelRange.For"/> with the given (or ambient)
/// <see cref="ExecutionSettings"/>. The root writes the destination directly: routing it through a scratch slot and
/// streaming (non-temporal) stores, as the eager drivers do for large outputs, measured 10–20% slower here (an
/// extra pass over the block), and 4 KiB blocks beat 8 KiB ones (a smaller L1 footprint: inputs, temporaries and
/// the destination block together), with 50M float64 on this machine. Software prefetching of the next block did not
/// measurably help.</para>
/// </remarks>
internal static class ExpressionDriver
{
    /// <summary>Bytes per block and per scratch slot: the slots, the input blocks and the destination block stay in a 48 KiB L1.</summary>
    public const int BlockBytes = 4096;

    /// <summary>Elements per block for <typeparamref name="T"/>.</summary>
    public static int BlockLength<T>()
        where T : unmanaged => BlockBytes / Unsafe.SizeOf<T>();

    /// <summary>
    /// Writes the values of <paramref name="root"/> for flat indices <c>[0, length)</c> to <paramref name="output"/>
    /// from element <paramref name="outputOffset"/>. The caller has applied the output's write barrier; inputs are
    /// read without one (they are what the pending expression was built over).
    /// </summary>
    /// <exception cref="ObjectDisposedException">An input storage was disposed.</exception>
    public static void Evaluate<T>(OperatorNode<T> root, Storage<T> output, long outputOffset, long length, ExecutionSettings? settings)
        where T : unmanaged
    {
        if (length == 0)
        {
            return;
        }

        var program = ExpressionProgram<T>.Compile(root);
        program.CheckInputs(); // ObjectDisposedException here, not wrapped by a worker thread
        _ = output.DangerousGetReferenceForRead(); // the caller applied the output's barrier
        int block = BlockLength<T>();
        long blocks = ((length - 1) / block) + 1;
        var action = new BlockAction<T>(program, output, outputOffset, length);
        ParallelRange.For(blocks, in action, settings, elementsPerIndex: block);
    }

    /// <summary>Runs the blocks <c>[first, end)</c> of one thread with that thread's scratch buffers.</summary>
    private readonly struct BlockAction<T>(ExpressionProgram<T> program, Storage<T> output, long outputOffset, long length) : IRangeAction
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(long firstBlock, long endBlock)
        {
            int block = BlockLength<T>();
            var rented = ScratchBuffer<T>.Rent(program.SlotCount * block);
            try
            {
                Span<T> scratch = rented.Span;
                program.FillConstants(scratch, block);
                for (long b = firstBlock; b < endBlock; b++)
                {
                    long start = b * block;
                    int n = (int)Math.Min(block, length - start);
                    var destination = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output.DangerousGetReferenceForRead(), (nint)(outputOffset + start)), n);
                    program.RunBlock(start, n, scratch, block, destination);
                }
            }
            finally
            {
                ScratchBuffer<T>.Return(rented);
            }
        }
    }
}

/// <summary>
/// A deferred tree compiled into steps: operands are leaves (read in place), constants (scratch slots filled once per
/// thread) or temporaries (scratch slots), and the last step writes the destination.
/// </summary>
internal sealed class ExpressionProgram<T>
    where T : unmanaged
{
    private readonly Step[] _steps;
    private readonly T[] _constants;
    private readonly int _temps;

    private ExpressionProgram(Step[] steps, T[] constants, int temps)
    {
        _steps = steps;
        _constants = constants;
        _temps = temps;
    }

    private enum OperandKind : byte
    {
        None,
        Leaf,
        Constant,
        Temp,
    }

    /// <summary>Scratch slots one thread needs: temporaries and constants.</summary>
    public int SlotCount => Math.Max(1, _temps + _constants.Length);

    /// <summary>Post-order steps with the fewest scratch slots this simple allocation finds (a freed slot is reused first).</summary>
    public static ExpressionProgram<T> Compile(OperatorNode<T> root)
    {
        var steps = new List<Step>(root.NodeCount);
        var constants = new List<T>();
        var free = new Stack<int>();
        int temps = 0;
        _ = Emit(root, isRoot: true);
        return new ExpressionProgram<T>([.. steps], [.. constants], temps);

        Operand Emit(ExpressionNode<T> node, bool isRoot)
        {
            switch (node)
            {
                case LeafNode<T> leaf:
                    return new Operand(OperandKind.Leaf, 0, leaf.Storage, leaf.Offset);
                case ScalarNode<T> scalar:
                    constants.Add(scalar.Value);
                    return new Operand(OperandKind.Constant, constants.Count - 1, null, 0);
                default:
                    var op = (OperatorNode<T>)node;
                    var x = Emit(op.X, isRoot: false);
                    var y = op.Y is null ? default : Emit(op.Y, isRoot: false);
                    Release(x);
                    Release(y);
                    int destination = isRoot ? -1 : (free.Count > 0 ? free.Pop() : temps++);
                    steps.Add(new Step(op, x, y, destination));
                    return new Operand(OperandKind.Temp, destination, null, 0);
            }
        }

        void Release(Operand o)
        {
            if (o.Kind == OperandKind.Temp)
            {
                free.Push(o.Index);
            }
        }
    }

    /// <summary>The distinct storages the leaves read.</summary>
    public static Storage<T>[] Inputs(ExpressionNode<T> root)
    {
        var found = new List<Storage<T>>();
        Walk(root);
        return [.. found];

        void Walk(ExpressionNode<T> node)
        {
            switch (node)
            {
                case LeafNode<T> leaf:
                    if (!found.Exists(s => ReferenceEquals(s, leaf.Storage)))
                    {
                        found.Add(leaf.Storage);
                    }

                    break;
                case OperatorNode<T> op:
                    Walk(op.X);
                    if (op.Y is not null)
                    {
                        Walk(op.Y);
                    }

                    break;
            }
        }
    }

    /// <summary>Touches every input, so a disposed one throws on the calling thread.</summary>
    public void CheckInputs()
    {
        foreach (var step in _steps)
        {
            _ = step.X.Kind == OperandKind.Leaf ? step.X.Storage!.DangerousGetReferenceForRead() : default;
            _ = step.Y.Kind == OperandKind.Leaf ? step.Y.Storage!.DangerousGetReferenceForRead() : default;
        }
    }

    /// <summary>Fills the constant slots (once per thread and evaluation).</summary>
    public void FillConstants(Span<T> scratch, int block)
    {
        for (int i = 0; i < _constants.Length; i++)
        {
            scratch.Slice((_temps + i) * block, block).Fill(_constants[i]);
        }
    }

    /// <summary>Computes elements <c>[start, start + length)</c> of the root into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunBlock(long start, int length, Span<T> scratch, int block, Span<T> destination)
    {
        foreach (var step in _steps)
        {
            var x = Resolve(step.X, start, length, scratch, block);
            var y = step.Y.Kind == OperandKind.None ? default : Resolve(step.Y, start, length, scratch, block);
            var d = step.Destination < 0 ? destination : scratch.Slice(step.Destination * block, length);
            step.Op.Apply(x, y, d);
        }
    }

    private ReadOnlySpan<T> Resolve(in Operand o, long start, int length, Span<T> scratch, int block) => o.Kind switch
    {
        OperandKind.Leaf => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref o.Storage!.DangerousGetReferenceForRead(), (nint)(o.Offset + start)), length),
        OperandKind.Constant => scratch.Slice((_temps + o.Index) * block, length),
        _ => scratch.Slice(o.Index * block, length),
    };

    private readonly record struct Operand(OperandKind Kind, int Index, Storage<T>? Storage, long Offset);

    private readonly record struct Step(OperatorNode<T> Op, Operand X, Operand Y, int Destination);
}

/// <summary>
/// One 64-byte aligned scratch array per thread for the evaluator, kept between evaluations (allocated once per
/// thread and element type, grown when a larger program needs it; a nested use gets a fresh array).
/// </summary>
internal static class ScratchBuffer<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static Rented? t_cached;

    public static Rented Rent(int length)
    {
        var cached = t_cached;
        if (cached is not null && cached.Length >= length)
        {
            t_cached = null;
            return cached;
        }

        return new Rented(length);
    }

    public static void Return(Rented rented) => t_cached = rented;

    /// <summary>A pinned array and the 64-byte aligned span inside it.</summary>
    internal sealed class Rented
    {
        private readonly T[] _array;
        private readonly int _start;

        public unsafe Rented(int length)
        {
            int pad = 64 / Unsafe.SizeOf<T>();
            _array = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            _start = (int)(((64 - (address & 63)) & 63) / Unsafe.SizeOf<T>());
            Length = length;
        }

        public int Length { get; }

        public Span<T> Span => _array.AsSpan(_start, Length);
    }
}
