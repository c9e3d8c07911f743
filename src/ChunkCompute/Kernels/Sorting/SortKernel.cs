using System.Runtime.CompilerServices;

namespace ChunkCompute.Kernels;

/// <summary>
/// 1-D sort kernels with NumPy's order: ascending, NaN after everything (for float types).
/// </summary>
internal static class SortKernel
{
    /// <summary>Sorts <paramref name="row"/> in place, NaNs last; returns the number of non-NaN values.</summary>
    public static int SortValues<T>(Span<T> row)
        where T : unmanaged
    {
        int n = MoveNaNsToEnd(row);
        var head = row[..n];
        if (RadixSort.Applies<T>(n))
        {
            RadixSort.SortValues(head);
        }
        else if (typeof(T) == typeof(double))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(head).Sort();
        }
        else if (typeof(T) == typeof(float))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(head).Sort();
        }
        else if (typeof(T) == typeof(long))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, long>(head).Sort();
        }
        else if (typeof(T) == typeof(int))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(head).Sort();
        }
        else
        {
            head.Sort(static (x, y) => ScalarCompare.Less(x, y) ? -1 : ScalarCompare.Less(y, x) ? 1 : 0);
        }

        return n;
    }

    /// <summary>
    /// Sorts <paramref name="row"/> in place keeping equal values in input order (NumPy's <c>kind='stable'</c>). Only
    /// float rows can show the difference (-0.0 and 0.0 compare equal but differ in bits), so they go through the
    /// stable <see cref="ArgSort{T}(ReadOnlySpan{T}, Span{long})"/>; other types take <see cref="SortValues{T}(Span{T})"/>.
    /// </summary>
    public static void SortValuesStable<T>(Span<T> row)
        where T : unmanaged
    {
        if (!ScalarCast.IsFloat<T>())
        {
            SortValues(row);
            return;
        }

        var order = new long[row.Length];
        ArgSort<T>(row, order);
        var values = row.ToArray();
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = values[order[i]];
        }
    }

    /// <summary>Moves NaNs to the end of <paramref name="row"/> (float types only); returns the number of non-NaN values.</summary>
    private static int MoveNaNsToEnd<T>(Span<T> row)
        where T : unmanaged
    {
        if (!ScalarCast.IsFloat<T>())
        {
            return row.Length;
        }

        int w = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (!ScalarCompare.IsNaN(row[i]))
            {
                (row[w], row[i]) = (row[i], row[w]);
                w++;
            }
        }

        return w;
    }

    /// <summary>
    /// Partially orders <paramref name="row"/> so that <c>row[k]</c> holds the value a full sort would put there and no
    /// element after <paramref name="k"/> is smaller (quickselect, expected O(n), instead of an O(n log n) sort).
    /// NaNs are moved to the end first; when there are any, nothing is selected. Returns the number of non-NaN values.
    /// -0.0 orders below +0.0 (<see cref="ScalarCompare.OrderLess{T}"/>), as in <see cref="BucketSelect"/>.
    /// </summary>
    public static int SelectValues<T>(Span<T> row, int k)
        where T : unmanaged => SelectMany(row, [k]);

    /// <summary>
    /// <see cref="SelectValues{T}(Span{T}, int)"/> for several positions at once: afterwards every <c>row[k]</c> for
    /// <c>k</c> in <paramref name="sortedKs"/> (ascending, distinct) holds its sorted value and nothing after it is
    /// smaller. Each position is selected in the tail left by the previous one (everything after a selected position
    /// is at least its value), so the row is scanned about once in total rather than once per position.
    /// NaNs are moved to the end first; when there are any, nothing is selected. Returns the number of non-NaN values.
    /// </summary>
    public static int SelectMany<T>(Span<T> row, ReadOnlySpan<int> sortedKs)
        where T : unmanaged
    {
        int n = row.Length;
        int valid = MoveNaNsToEnd(row);
        if (valid < n)
        {
            return valid;
        }

        int lo = 0;
        foreach (int k in sortedKs)
        {
            SelectInRange(row, lo, n - 1, k);
            lo = k + 1;
        }

        return n;
    }

    /// <summary>Quickselect of position <paramref name="k"/> within <c>row[lo..hi]</c> (no NaNs).</summary>
    private static void SelectInRange<T>(Span<T> row, int lo, int hi, int k)
        where T : unmanaged
    {
        while (hi > lo)
        {
            // Median of three as pivot, then a Hoare partition: [lo, j] <= pivot <= [i, hi], anything between equals it.
            int mid = lo + ((hi - lo) / 2);
            if (ScalarCompare.OrderLess(row[mid], row[lo]))
            {
                (row[mid], row[lo]) = (row[lo], row[mid]);
            }

            if (ScalarCompare.OrderLess(row[hi], row[lo]))
            {
                (row[hi], row[lo]) = (row[lo], row[hi]);
            }

            if (ScalarCompare.OrderLess(row[hi], row[mid]))
            {
                (row[hi], row[mid]) = (row[mid], row[hi]);
            }

            T pivot = row[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (ScalarCompare.OrderLess(row[i], pivot))
                {
                    i++;
                }

                while (ScalarCompare.OrderLess(pivot, row[j]))
                {
                    j--;
                }

                if (i <= j)
                {
                    (row[i], row[j]) = (row[j], row[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>The value at sorted position <c>k + 1</c> after <see cref="SelectValues{T}(Span{T}, int)"/> selected <c>k</c>: the minimum of the rest.</summary>
    public static T NextAfterSelected<T>(ReadOnlySpan<T> row, int k)
        where T : unmanaged
    {
        T m = row[k + 1];
        for (int i = k + 2; i < row.Length; i++)
        {
            if (ScalarCompare.OrderLess(row[i], m))
            {
                m = row[i];
            }
        }

        return m;
    }

    /// <summary>
    /// Writes into <paramref name="order"/> the indices that sort <paramref name="row"/> (NaNs last). Ties keep
    /// index order, so the result is the stable order whatever <c>kind</c> was asked for.
    /// </summary>
    public static void ArgSort<T>(ReadOnlySpan<T> row, Span<long> order)
        where T : unmanaged
    {
        if (RadixSort.Applies<T>(row.Length))
        {
            RadixSort.ArgSort(row, order);
            return;
        }

        var keys = row.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        order.Sort((i, j) =>
        {
            T a = keys[i], b = keys[j];
            int c = Compare(a, b);
            return c != 0 ? c : i.CompareTo(j);
        });
    }

    /// <summary>NumPy's sort order: NaN is greater than every number and equal to NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare<T>(T a, T b)
        where T : unmanaged
    {
        bool an = ScalarCompare.IsNaN(a), bn = ScalarCompare.IsNaN(b);
        if (an || bn)
        {
            return an == bn ? 0 : an ? 1 : -1;
        }

        return ScalarCompare.Less(a, b) ? -1 : ScalarCompare.Less(b, a) ? 1 : 0;
    }
}
