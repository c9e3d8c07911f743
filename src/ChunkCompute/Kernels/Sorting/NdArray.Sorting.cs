using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;

namespace ChunkCompute;

// Sort and ArgSort.
public abstract partial class NdArray
{
    /// <summary>
    /// A sorted copy along <paramref name="axis"/> (null: the flattened array), as <c>np.sort</c>: ascending,
    /// NaN last. Sorting values can only show instability in the order of -0.0 and 0.0 (equal, different bits):
    /// with <paramref name="stable"/> they keep their input order, as NumPy's <c>kind='stable'</c>; without it their
    /// order is unspecified (NumPy's default quicksort does not keep it either).
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to sort along (default the last); null sorts the flattened array.</param>
    /// <param name="stable">Ask for a stable sort (NumPy's <c>kind='stable'</c>).</param>
    /// <param name="settings">Parallelism over independent rows.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c> (a 0-d array has no axis: only null sorts it).</exception>
    /// <exception cref="ArgumentException">One sorted run (the axis length, or the size for null) exceeds <see cref="Array.MaxLength"/> elements; the array as a whole may be larger.</exception>
    public static NdArray<T> Sort<T>(NdArray<T> a, int? axis = -1, bool stable = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        var (rows, ax, flat) = Rows(a, axis, argSort: false);
        ParallelRange.For(rows.Size == 0 ? 0 : rows.Size / rows.Shape[^1], new SortRows<T>(rows, stable), settings, rows.NDim == 0 ? 1 : rows.Shape[^1]);
        return flat ? rows : rows.SwapAxes(ax, -1).Copy();
    }

    /// <summary>
    /// Indices that sort <paramref name="a"/> along <paramref name="axis"/> (null: the flattened array), as
    /// <c>np.argsort</c>, NaN last. Ties always keep index order, so the result equals NumPy's
    /// <c>kind='stable'</c> whether or not <paramref name="stable"/> is set.
    /// </summary>
    /// <param name="a">The input.</param>
    /// <param name="axis">The axis to sort along (default the last); null sorts the flattened array.</param>
    /// <param name="stable">Ask for a stable sort.</param>
    /// <param name="settings">Parallelism over independent rows.</param>
    /// <exception cref="AxisOutOfRangeException"><paramref name="axis"/> is outside <c>[-ndim, ndim)</c> (a 0-d array counts as its one-element 1-d view, as in NumPy).</exception>
    /// <exception cref="ArgumentException">One sorted run (the axis length, or the size for null) exceeds <see cref="Array.MaxLength"/> elements; the array as a whole may be larger.</exception>
    public static NdArray<long> ArgSort<T>(NdArray<T> a, int? axis = -1, bool stable = false, ExecutionSettings? settings = null)
        where T : unmanaged
    {
        _ = stable;
        var (rows, ax, flat) = Rows(a, axis, argSort: true);
        var order = Empty<long>(rows.Shape.ToArray());
        ParallelRange.For(rows.Size == 0 ? 0 : rows.Size / rows.Shape[^1], new ArgSortRows<T>(rows, order), settings, rows.NDim == 0 ? 1 : rows.Shape[^1]);
        return flat ? order : order.SwapAxes(ax, -1).Copy();
    }

    /// <summary>
    /// A C-contiguous copy with the sort axis last (rows are dense). A 0-d array has no axis to sort along
    /// (<c>np.sort</c> raises for any axis but null), except that <c>np.argsort</c> takes it as its one-element 1-d view.
    /// </summary>
    private static (NdArray<T> Rows, int Axis, bool Flat) Rows<T>(NdArray<T> a, int? axis, bool argSort)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        var (flat, ax) = FlatOrAxis(axis, a.NDim, zeroDimIsVector: argSort);
        long rowLength = flat ? a.Size : a.Shape[ax];
        if (rowLength > Array.MaxLength)
        {
            ThrowHelper.ThrowArgument($"cannot sort a run of {rowLength} elements along one axis: at most {Array.MaxLength} per sorted run (sort along an axis of shorter runs, or split the array)", nameof(axis));
        }

        return flat ? (a.Flatten(), 0, true) : (a.SwapAxes(ax, -1).Copy(), ax, ax == a.NDim - 1);
    }

    private readonly struct SortRows<T>(NdArray<T> rows, bool stable) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            // Row by row from a reference with nint offsets: the array may hold more than int.MaxValue elements.
            int n = (int)rows.Shape[^1];
            ref T b = ref rows.DangerousGetReferenceInternal();
            for (long r = start; r < end; r++)
            {
                var row = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref b, (nint)(r * n)), n);
                if (stable)
                {
                    SortKernel.SortValuesStable(row);
                }
                else
                {
                    SortKernel.SortValues(row);
                }
            }
        }
    }

    private readonly struct ArgSortRows<T>(NdArray<T> rows, NdArray<long> order) : IRangeAction
        where T : unmanaged
    {
        public void Invoke(long start, long end)
        {
            int n = (int)rows.Shape[^1];
            ref T b = ref rows.DangerousGetReferenceForRead();
            ref long d = ref order.DangerousGetReferenceInternal();
            for (long r = start; r < end; r++)
            {
                SortKernel.ArgSort(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, (nint)(r * n)), n), MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, (nint)(r * n)), n));
            }
        }
    }
}
