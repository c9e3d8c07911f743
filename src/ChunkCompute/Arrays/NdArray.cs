namespace ChunkCompute;

/// <summary>
/// An n-dimensional array whose element type is known at run time (<see cref="DType"/>); the base of
/// <see cref="NdArray{T}"/>. Files of unknown type load as <see cref="NdArray"/>; cast with <see cref="AsType{TOut}"/>
/// or a type test (<c>if (a is NdArray&lt;double&gt; d)</c>).
/// </summary>
/// <remarks>
/// Layout: element <c>(i0, …, ik)</c> lives at storage index <c>Offset + Σ i_d · Strides[d]</c> (strides in elements,
/// 64-bit, may be negative or 0). Views (slices, transposes, reshapes, chunks) share storage with their base; only
/// the array that allocated or mapped the storage disposes it (<see cref="OwnsStorage"/>).
/// </remarks>
public abstract partial class NdArray : IDisposable
{
    private protected readonly long[] _shape;
    private protected readonly long[] _strides;

    private protected NdArray(DType dtype, long[] shape, long[] strides, long offset, bool ownsStorage, ChunkInfo? chunk)
    {
        DType = dtype;
        _shape = shape;
        _strides = strides;
        Offset = offset;
        OwnsStorage = ownsStorage;
        Chunk = chunk;
        Size = Shape.ComputeSize(shape);
        (IsCContiguous, IsFContiguous) = ComputeContiguity(shape, strides, Size);
    }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The lengths of the axes.</summary>
    public Shape Shape => Shape.Unsafe(_shape);

    /// <summary>Element strides per axis (NumPy's byte strides divided by the item size).</summary>
    public ReadOnlySpan<long> Strides => _strides;

    /// <summary>Storage index of the element at all-zero indices.</summary>
    public long Offset { get; }

    /// <summary>Number of axes (NumPy's <c>ndim</c>).</summary>
    public int NDim => _shape.Length;

    /// <summary>Number of elements.</summary>
    public long Size { get; }

    /// <summary>Number of bytes the elements take (<c>Size * ItemSize</c>).</summary>
    public long NBytes => Size * DType.ItemSize;

    /// <summary>True when elements are laid out in C (row-major) order without gaps.</summary>
    public bool IsCContiguous { get; }

    /// <summary>True when elements are laid out in Fortran (column-major) order without gaps.</summary>
    public bool IsFContiguous { get; }

    /// <summary>False for read-only arrays (memory maps opened with <c>MapMode.Read</c>); writes then throw.</summary>
    public abstract bool IsWriteable { get; }

    /// <summary>True when this array allocated (or mapped) its storage and <see cref="Dispose()"/> releases it.</summary>
    public bool OwnsStorage { get; }

    /// <summary>For a chunk made by <c>ArraySplit</c>: its index and place in the parent; otherwise null.</summary>
    public ChunkInfo? Chunk { get; }

    /// <summary>Converts to <typeparamref name="TOut"/> with NumPy's <c>astype</c> results (a copy; the same array when the type already matches and <paramref name="copy"/> is false).</summary>
    /// <remarks>
    /// Integers wrap, floats truncate toward zero, NaN/out-of-range float-to-integer values give NumPy's x86-64 answers
    /// (see the 12×12 fixture test); large arrays convert in parallel. One documented difference: out-of-range
    /// float → uint32 values, where NumPy's vectorised contiguous loop is position dependent.
    /// </remarks>
    public abstract NdArray<TOut> AsType<TOut>(bool copy = true) where TOut : unmanaged;

    /// <summary>Converts to the runtime type <paramref name="dtype"/>.</summary>
    public abstract NdArray AsType(DType dtype);

    /// <summary>A C-contiguous copy.</summary>
    public abstract NdArray CopyUntyped();

    /// <summary>The contiguous element bytes in C order (copying when not C-contiguous), for IO.</summary>
    internal abstract void WriteBytesTo(Stream stream, bool fortranOrder);

    /// <summary>Holds the storage's elements against release while a map item runs (<c>Storage&lt;T&gt;.TryAcquireLease</c>).</summary>
    internal abstract bool TryAcquireStorageLease();

    /// <summary>Ends a lease of <see cref="TryAcquireStorageLease"/>.</summary>
    internal abstract void ReleaseStorageLease();

    /// <summary>Releases native memory or a file mapping if this array owns it. Views of it then throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Normalises an axis in <c>[-ndim, ndim)</c>, throwing <see cref="AxisOutOfRangeException"/> otherwise.</summary>
    internal static int NormalizeAxis(int axis, int ndim)
    {
        if (axis < -ndim || axis >= ndim)
        {
            ThrowHelper.ThrowAxisOutOfRange(axis, ndim);
        }

        return axis < 0 ? axis + ndim : axis;
    }

    /// <summary>
    /// The axis of an operation that flattens a 0-d input (sort, argsort, cumsum, cumprod): <c>Flat</c> for a null
    /// axis or a 0-d array, else the normalised axis. An axis given for a 0-d array is still checked, against
    /// dimension 0 (<c>np.sort</c>: always out of range) or, when <paramref name="zeroDimIsVector"/>, against its
    /// one-element 1-d view (<c>np.argsort</c>, <c>np.cumsum</c>: 0 and -1 work).
    /// </summary>
    internal static (bool Flat, int Axis) FlatOrAxis(int? axis, int ndim, bool zeroDimIsVector)
    {
        if (axis is null)
        {
            return (true, 0);
        }

        if (ndim == 0)
        {
            _ = NormalizeAxis(axis.Value, zeroDimIsVector ? 1 : 0);
            return (true, 0);
        }

        return (false, NormalizeAxis(axis.Value, ndim));
    }

    /// <summary>C-order strides (in elements) for <paramref name="shape"/>.</summary>
    internal static long[] CStrides(ReadOnlySpan<long> shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }

        return strides;
    }

    /// <summary>Fortran-order strides (in elements) for <paramref name="shape"/>.</summary>
    internal static long[] FStrides(ReadOnlySpan<long> shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }

        return strides;
    }

    private static (bool C, bool F) ComputeContiguity(long[] shape, long[] strides, long size)
    {
        if (size == 0)
        {
            return (true, true);
        }

        bool c = true;
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && strides[i] != s)
            {
                c = false;
                break;
            }

            s *= shape[i];
        }

        bool f = true;
        s = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] != 1 && strides[i] != s)
            {
                f = false;
                break;
            }

            s *= shape[i];
        }

        return (c, f);
    }
}
