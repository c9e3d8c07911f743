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
        int n = row.Length;
        if (ScalarCast.IsFloat<T>())
        {
            // Move NaNs to the end (stable for the NaNs themselves), then sort the rest.
            int w = 0;
            for (int i = 0; i < n; i++)
            {
                if (!ScalarCompare.IsNaN(row[i]))
                {
                    (row[w], row[i]) = (row[i], row[w]);
                    w++;
                }
            }

            n = w;
        }

        var head = row[..n];
        if (typeof(T) == typeof(double))
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
    /// Writes into <paramref name="order"/> the indices that sort <paramref name="row"/> (NaNs last). Ties keep
    /// index order, so the result is the stable order whatever <c>kind</c> was asked for.
    /// </summary>
    public static void ArgSort<T>(ReadOnlySpan<T> row, Span<long> order)
        where T : unmanaged
    {
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
