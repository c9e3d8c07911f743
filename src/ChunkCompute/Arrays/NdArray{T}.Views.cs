namespace ChunkCompute;

/// <summary>Views: slicing, reshaping, transposing — new shapes and strides over the same storage.</summary>
public sealed partial class NdArray<T>
{
    /// <summary>
    /// A view selected by NumPy index entries, one per axis from the left (missing trailing axes are taken whole):
    /// ranges keep the axis, integers remove it, <see cref="ChunkCompute.Slice.NewAxis"/> inserts an axis of length 1.
    /// </summary>
    /// <exception cref="ArgumentException">More indices than axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer index outside its axis.</exception>
    public NdArray<T> Slice(params Slice[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int consumed = 0, ellipses = 0;
        foreach (var s in index)
        {
            if (s.IsEllipsis)
            {
                ellipses++;
            }
            else if (!s.IsNewAxis)
            {
                consumed++;
            }
        }

        if (ellipses > 1)
        {
            ThrowHelper.ThrowArgument("an index can only have a single ellipsis ('...')", nameof(index));
        }

        if (consumed > NDim)
        {
            ThrowHelper.ThrowArgument($"too many indices for array: array is {NDim}-dimensional, but {consumed} were indexed", nameof(index));
        }

        var shape = new List<long>(NDim + index.Length);
        var strides = new List<long>(NDim + index.Length);
        long offset = Offset;
        int axis = 0;
        foreach (var s in index)
        {
            if (s.IsNewAxis)
            {
                shape.Add(1);
                strides.Add(0);
                continue;
            }

            if (s.IsEllipsis)
            {
                for (int k = 0; k < NDim - consumed; k++, axis++)
                {
                    shape.Add(_shape[axis]);
                    strides.Add(_strides[axis]);
                }

                continue;
            }

            long n = _shape[axis];
            if (s.IsIndex)
            {
                long i = s.Start!.Value;
                long j = i < 0 ? i + n : i;
                if ((ulong)j >= (ulong)n)
                {
                    ThrowHelper.ThrowIndexOutOfRange(i, axis, n);
                }

                offset += j * _strides[axis];
            }
            else
            {
                var (start, step, count) = s.Resolve(n);
                if (count > 0)
                {
                    offset += start * _strides[axis];
                }

                shape.Add(count);
                strides.Add(count > 1 ? checked(_strides[axis] * step) : SafeMultiply(_strides[axis], step));
            }

            axis++;
        }

        for (; axis < NDim; axis++)
        {
            shape.Add(_shape[axis]);
            strides.Add(_strides[axis]);
        }

        return View([.. shape], [.. strides], offset);
    }

    /// <summary>
    /// The same elements in a new shape (C order); one length may be -1 and is inferred. A view when the strides
    /// allow it (always for contiguous arrays), otherwise a copy — as NumPy's <c>reshape</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes differ or more than one length is -1 (the message names both shapes).</exception>
    public NdArray<T> Reshape(params long[] shape)
    {
        long[] newShape = ResolveReshape(shape);
        long[]? strides = TryReshapeStrides(newShape);
        if (strides is not null)
        {
            return View(newShape, strides, Offset);
        }

        return CopyAs(newShape);
    }

    /// <summary>Reverses the axes (NumPy's <c>a.T</c>); a view.</summary>
    public NdArray<T> Transpose()
    {
        var axes = new int[NDim];
        for (int i = 0; i < axes.Length; i++)
        {
            axes[i] = NDim - 1 - i;
        }

        return Transpose(axes);
    }

    /// <summary>Permutes the axes: axis <c>i</c> of the result is axis <c>axes[i]</c> of this array (negative values allowed); a view.</summary>
    /// <exception cref="ArgumentException"><paramref name="axes"/> is not a permutation of the axes.</exception>
    public NdArray<T> Transpose(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0 && NDim > 0)
        {
            return Transpose();
        }

        if (axes.Length != NDim)
        {
            ThrowHelper.ThrowArgument($"axes don't match array: {axes.Length} axes given for an array of dimension {NDim}", nameof(axes));
        }

        var seen = new bool[NDim];
        var shape = new long[NDim];
        var strides = new long[NDim];
        for (int i = 0; i < axes.Length; i++)
        {
            int a = NormalizeAxis(axes[i], NDim);
            if (seen[a])
            {
                ThrowHelper.ThrowArgument($"repeated axis {axes[i]} in transpose", nameof(axes));
            }

            seen[a] = true;
            shape[i] = _shape[a];
            strides[i] = _strides[a];
        }

        return View(shape, strides, Offset);
    }

    /// <summary>Exchanges two axes; a view.</summary>
    public NdArray<T> SwapAxes(int axis1, int axis2)
    {
        var axes = Enumerable.Range(0, NDim).ToArray();
        int a = NormalizeAxis(axis1, NDim), b = NormalizeAxis(axis2, NDim);
        (axes[a], axes[b]) = (axes[b], axes[a]);
        return Transpose(axes);
    }

    /// <summary>
    /// The elements in C order as a 1-D array: a view when this array is C-contiguous, otherwise a copy — exactly when
    /// NumPy's <c>ravel()</c> copies (it copies a strided 1-D slice too, unlike <c>reshape(-1)</c>).
    /// </summary>
    public NdArray<T> Ravel() => IsCContiguous ? View([Size], [1], Offset) : Flatten();

    /// <summary>A 1-D copy of the elements in C order (NumPy's <c>flatten</c>); the result owns its storage.</summary>
    public NdArray<T> Flatten() => CopyAs([Size]);

    /// <summary>Removes every axis of length 1; a view.</summary>
    public NdArray<T> Squeeze()
    {
        var keep = Enumerable.Range(0, NDim).Where(i => _shape[i] != 1).ToArray();
        return View(keep.Select(i => _shape[i]).ToArray(), keep.Select(i => _strides[i]).ToArray(), Offset);
    }

    /// <summary>Removes axis <paramref name="axis"/>, which must have length 1; a view.</summary>
    /// <exception cref="ArgumentException">The axis does not have length 1.</exception>
    public NdArray<T> Squeeze(int axis)
    {
        int a = NormalizeAxis(axis, NDim);
        if (_shape[a] != 1)
        {
            ThrowHelper.ThrowArgument($"cannot select an axis to squeeze out which has size not equal to one (axis {axis} has length {_shape[a]})", nameof(axis));
        }

        var keep = Enumerable.Range(0, NDim).Where(i => i != a).ToArray();
        return View(keep.Select(i => _shape[i]).ToArray(), keep.Select(i => _strides[i]).ToArray(), Offset);
    }

    /// <summary>Inserts an axis of length 1 at <paramref name="axis"/> (in <c>[-ndim-1, ndim]</c>); a view.</summary>
    public NdArray<T> ExpandDims(int axis)
    {
        int a = NormalizeAxis(axis, NDim + 1);
        var shape = _shape.ToList();
        var strides = _strides.ToList();
        shape.Insert(a, 1);
        strides.Insert(a, 0);
        return View([.. shape], [.. strides], Offset);
    }

    /// <summary>A C-contiguous copy with <paramref name="shape"/> (same size) that owns its storage, so <c>Dispose</c> frees it.</summary>
    private NdArray<T> CopyAs(long[] shape)
    {
        var copy = Copy();
        return new NdArray<T>(copy._storage, shape, CStrides(shape), copy.Offset, ownsStorage: copy.OwnsStorage, writeable: true);
    }

    private static long SafeMultiply(long a, long b)
    {
        long high = Math.BigMul(a, b, out long low);
        return (high == 0 && low >= 0) || (high == -1 && low < 0) ? low : a; // an axis of length <= 1: its stride is never used
    }

    /// <summary>A view with the given layout over the same storage (no chunk info).</summary>
    internal NdArray<T> View(long[] shape, long[] strides, long offset, ChunkInfo? chunk = null) =>
        new(_storage, shape, strides, offset, ownsStorage: false, chunk, _writeable);

    private long[] ResolveReshape(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var result = (long[])shape.Clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (unknown >= 0)
                {
                    ThrowHelper.ThrowArgument("can only specify one unknown dimension", nameof(shape));
                }

                unknown = i;
            }
            else if (result[i] < 0)
            {
                ThrowHelper.ThrowArgument($"negative dimensions not allowed: {Shape.Format(shape)}", nameof(shape));
            }
            else
            {
                // Saturate instead of overflowing: a product beyond long.MaxValue (unless a later 0 makes it 0) can
                // match no size, and gets the message below.
                known = known != 0 && result[i] > long.MaxValue / known ? long.MaxValue : known * result[i];
            }
        }

        if (unknown >= 0)
        {
            if (known == 0 || Size % known != 0)
            {
                ThrowHelper.ThrowArgument($"cannot reshape array of size {Size} into shape {Shape.Format(shape)}", nameof(shape));
            }

            result[unknown] = Size / known;
        }
        else if (known != Size)
        {
            ThrowHelper.ThrowArgument($"cannot reshape array of size {Size} into shape {Shape.Format(shape)}", nameof(shape));
        }

        return result;
    }

    /// <summary>Strides for a no-copy reshape in C order, or null when the layout needs a copy (NumPy's _attempt_nocopy_reshape).</summary>
    private long[]? TryReshapeStrides(long[] newShape)
    {
        if (Size == 0 || IsCContiguous)
        {
            return CStrides(newShape);
        }

        // Drop length-1 axes of the old layout; they carry no stride information.
        var oldDims = new List<long>();
        var oldStrides = new List<long>();
        for (int i = 0; i < NDim; i++)
        {
            if (_shape[i] != 1)
            {
                oldDims.Add(_shape[i]);
                oldStrides.Add(_strides[i]);
            }
        }

        int oldN = oldDims.Count, newN = newShape.Length;
        var newStrides = new long[newN];
        int oi = 0, oj = 1, ni = 0, nj = 1;
        while (ni < newN && oi < oldN)
        {
            long np = newShape[ni], op = oldDims[oi];
            while (np != op)
            {
                if (np < op)
                {
                    np *= newShape[nj++];
                }
                else
                {
                    op *= oldDims[oj++];
                }
            }

            for (int ok = oi; ok < oj - 1; ok++)
            {
                if (oldStrides[ok] != oldDims[ok + 1] * oldStrides[ok + 1])
                {
                    return null;
                }
            }

            newStrides[nj - 1] = oldStrides[oj - 1];
            for (int nk = nj - 1; nk > ni; nk--)
            {
                newStrides[nk - 1] = newStrides[nk] * newShape[nk];
            }

            ni = nj++;
            oi = oj++;
        }

        long last = ni > 0 ? newStrides[ni - 1] : 1;
        for (int nk = ni; nk < newN; nk++)
        {
            newStrides[nk] = last;
        }

        return newStrides;
    }
}

/// <summary>NumPy-style properties on arrays.</summary>
public static class NdArrayProperties
{
    extension<TElement>(NdArray<TElement> array) where TElement : unmanaged
    {
        /// <summary>The transpose (axes reversed), as NumPy's <c>a.T</c>; a view.</summary>
        public NdArray<TElement> T => array.Transpose();
    }
}
