using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute.Kernels;

/// <summary>
/// <see cref="ReproducibleSum"/>'s exact arithmetic carried out for up to <c>width</c> outputs at once, one row of
/// terms (one per output) at a time: row <c>i</c> goes to lane <c>i % 16</c> of sub-block <c>(i / 256) % 16</c> of
/// block <c>i / 4096</c>, and sub-blocks, lanes and blocks combine in the same trees. Each output therefore gets
/// the same bits as <see cref="ReproducibleSum"/> over its terms laid out densely, while the walk reads whole rows
/// (reducing along a strided axis without per-element gathers). Lane-wise adds are element-wise IEEE adds
/// (<see cref="AddTerms{TX}"/>, <see cref="AddKernel{T}"/>), the same bits at every vector width. The buffers come from
/// the shared array pool (a wide tile's lanes and stacks are hundreds of KiB): dispose to return them.
/// </summary>
internal sealed class ColumnLanes : IDisposable
{
    private const int Lanes = ReproducibleSum.LaneCount;
    private readonly int _capacity;
    private readonly double[] _lanes;
    private readonly double[] _subStack;
    private readonly double[] _blockStack;
    private int _w;
    private long _row;
    private int _subInBlock;
    private long _blocks;
    private bool _disposed;

    public ColumnLanes(int capacity)
    {
        _capacity = capacity;
        _lanes = ArrayPool<double>.Shared.Rent(Lanes * capacity);
        _subStack = ArrayPool<double>.Shared.Rent(5 * Lanes * capacity);
        _blockStack = ArrayPool<double>.Shared.Rent(64 * capacity);
    }

    /// <summary>Returns the buffers to the pool (once; the object is not used after).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<double>.Shared.Return(_lanes);
        ArrayPool<double>.Shared.Return(_subStack);
        ArrayPool<double>.Shared.Return(_blockStack);
    }

    /// <summary>Starts a new set of <paramref name="width"/> sums.</summary>
    public void Reset(int width)
    {
        _w = width;
        _row = 0;
        _subInBlock = 0;
        _blocks = 0;
    }

    /// <summary>Adds one term per output, <c>TX(x[c], m[c])</c> (<paramref name="m"/> unused by the identity).</summary>
    public void AddRow<TX>(ReadOnlySpan<double> x, ReadOnlySpan<double> m)
        where TX : ITermTransform
    {
        var lane = BeginRow();
        if (typeof(TX) == typeof(IdentityTerm))
        {
            AddKernel<double>.Invoke(lane, x[.._w], lane);
        }
        else
        {
            AddTerms<TX>(lane, x[.._w], m[.._w]);
        }

        EndRow();
    }

    /// <summary>
    /// Adds one row of float32 values, each widened to float64 in registers (exact) and added as
    /// <see cref="AddRow{TX}"/> adds the widened row: the same bits without a widened copy of the row.
    /// </summary>
    public void AddRow(ReadOnlySpan<float> x)
    {
        AddWidened(BeginRow(), x[.._w]);
        EndRow();
    }

    /// <summary>The lane that the next row adds into (all lanes cleared to +0.0 at the start of a sub-block).</summary>
    private Span<double> BeginRow()
    {
        int inSub = (int)(_row & (ReproducibleSum.SubBlockSize - 1));
        if (inSub == 0)
        {
            _lanes.AsSpan(0, Lanes * _capacity).Clear(); // +0.0
        }

        return _lanes.AsSpan(inSub % Lanes * _capacity, _w);
    }

    /// <summary>Counts the row just added and completes its sub-block and block when they are full.</summary>
    private void EndRow()
    {
        _row++;
        if ((_row & (ReproducibleSum.SubBlockSize - 1)) == 0)
        {
            CompleteSubBlock();
        }

        if ((_row & (ReproducibleSum.BlockSize - 1)) == 0)
        {
            CompleteBlock();
        }
    }

    /// <summary>Writes the sums (at least one row must have been added).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Finish(Span<double> result)
    {
        if ((_row & (ReproducibleSum.SubBlockSize - 1)) != 0)
        {
            CompleteSubBlock();
        }

        if (_subInBlock != 0)
        {
            CompleteBlock();
        }

        bool any = false;
        for (int lvl = 0; lvl < 63; lvl++)
        {
            if (((_blocks >> lvl) & 1) != 0)
            {
                var left = _blockStack.AsSpan(lvl * _capacity, _w);
                if (!any)
                {
                    left.CopyTo(result);
                    any = true;
                }
                else
                {
                    AddKernel<double>.Invoke(left, result, result);
                }
            }
        }
    }

    private Span<double> Lane(double[] buffer, int level, int lane) => buffer.AsSpan(((level * Lanes) + lane) * _capacity, _w);

    private void CompleteSubBlock()
    {
        // cur = lanes; merge with completed left siblings.
        int lvl = 0;
        for (; ((_subInBlock >> lvl) & 1) != 0; lvl++)
        {
            for (int j = 0; j < Lanes; j++)
            {
                var cur = Lane(_lanes, 0, j);
                AddKernel<double>.Invoke(Lane(_subStack, lvl, j), cur, cur);
            }
        }

        for (int j = 0; j < Lanes; j++)
        {
            Lane(_lanes, 0, j).CopyTo(Lane(_subStack, lvl, j));
        }

        _subInBlock++;
    }

    private void CompleteBlock()
    {
        // Collapse the sub-block counter right to left into _lanes.
        bool any = false;
        for (int lvl = 0; lvl < 5; lvl++)
        {
            if (((_subInBlock >> lvl) & 1) != 0)
            {
                for (int j = 0; j < Lanes; j++)
                {
                    var left = Lane(_subStack, lvl, j);
                    var cur = Lane(_lanes, 0, j);
                    if (!any)
                    {
                        left.CopyTo(cur);
                    }
                    else
                    {
                        AddKernel<double>.Invoke(left, cur, cur);
                    }
                }

                any = true;
            }
        }

        // Lane tree.
        for (int j = 0; j < 8; j++)
        {
            AddInto(j, j + 8);
        }

        for (int j = 0; j < 4; j++)
        {
            AddInto(j, j + 4);
        }

        AddInto(0, 2);
        AddInto(1, 3);
        AddInto(0, 1);

        // Push the block value into the block counter.
        var value = Lane(_lanes, 0, 0);
        int bl = 0;
        for (; ((_blocks >> bl) & 1) != 0; bl++)
        {
            AddKernel<double>.Invoke(_blockStack.AsSpan(bl * _capacity, _w), value, value);
        }

        value.CopyTo(_blockStack.AsSpan(bl * _capacity, _w));
        _blocks++;
        _subInBlock = 0;
    }

    private void AddInto(int dst, int src)
    {
        var d = Lane(_lanes, 0, dst);
        AddKernel<double>.Invoke(d, Lane(_lanes, 0, src), d);
    }

    /// <summary>
    /// The <c>scratch.Length</c> values of a row (element stride <paramref name="colStride"/>) as float64, the values
    /// of <see cref="ScalarCast.ToDouble{T}"/>: a contiguous float64 row itself (no copy), other contiguous rows widened
    /// in vector code (<see cref="ToDoubleBlock"/>), strided rows gathered into <paramref name="scratch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ReadOnlySpan<double> RowAsDouble<T>(ref T row, long colStride, Span<double> scratch)
        where T : unmanaged
    {
        int w = scratch.Length;
        if (colStride == 1)
        {
            if (typeof(T) == typeof(double))
            {
                return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref row), w);
            }

            ToDoubleBlock.Convert(MemoryMarshal.CreateReadOnlySpan(ref row, w), scratch);
            return scratch;
        }

        for (int c = 0; c < w; c++)
        {
            scratch[c] = ScalarCast.ToDouble(Unsafe.Add(ref row, (nint)(c * colStride)));
        }

        return scratch;
    }

    /// <summary><c>acc[c] = acc[c] + (double)x[c]</c> for every c: exact widening, then element-wise IEEE adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddWidened(Span<double> acc, ReadOnlySpan<float> x)
    {
        int n = acc.Length;
        if (x.Length < n)
        {
            ThrowHelper.ThrowArgument("terms shorter than the accumulators", nameof(x));
        }

        ref double a = ref MemoryMarshal.GetReference(acc);
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint i = 0, len = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= len; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                (Vector512.LoadUnsafe(ref a, i) + lo).StoreUnsafe(ref a, i);
                (Vector512.LoadUnsafe(ref a, i + 8) + hi).StoreUnsafe(ref a, i + 8);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= len; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, i));
                (Vector256.LoadUnsafe(ref a, i) + lo).StoreUnsafe(ref a, i);
                (Vector256.LoadUnsafe(ref a, i + 4) + hi).StoreUnsafe(ref a, i + 4);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= len; i += 4)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref xr, i));
                (Vector128.LoadUnsafe(ref a, i) + lo).StoreUnsafe(ref a, i);
                (Vector128.LoadUnsafe(ref a, i + 2) + hi).StoreUnsafe(ref a, i + 2);
            }
        }

        for (; i < len; i++)
        {
            Unsafe.Add(ref a, i) += Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>
    /// <c>acc[c] = acc[c] + TX(x[c], m[c])</c> for every c: element-wise IEEE operations (no FMA), so every vector
    /// width gives the bits of the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddTerms<TX>(Span<double> acc, ReadOnlySpan<double> x, ReadOnlySpan<double> m)
        where TX : ITermTransform
    {
        int n = acc.Length;
        if (x.Length < n || m.Length < n)
        {
            ThrowHelper.ThrowArgument("terms shorter than the accumulators", nameof(x));
        }

        ref double a = ref MemoryMarshal.GetReference(acc);
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double mr = ref MemoryMarshal.GetReference(m);
        nuint i = 0, len = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 8 <= len; i += 8)
            {
                (Vector512.LoadUnsafe(ref a, i) + TX.Apply(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref mr, i))).StoreUnsafe(ref a, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= len; i += 4)
            {
                (Vector256.LoadUnsafe(ref a, i) + TX.Apply(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref mr, i))).StoreUnsafe(ref a, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 2 <= len; i += 2)
            {
                (Vector128.LoadUnsafe(ref a, i) + TX.Apply(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref mr, i))).StoreUnsafe(ref a, i);
            }
        }

        for (; i < len; i++)
        {
            Unsafe.Add(ref a, i) += TX.Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref mr, i));
        }
    }
}
