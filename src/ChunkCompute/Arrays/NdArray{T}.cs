using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Storage;

namespace ChunkCompute;

/// <summary>
/// An n-dimensional array of <typeparamref name="T"/> (one of <c>double float Half long int short sbyte ulong uint
/// ushort byte bool</c>): storage + element offset + shape + strides, with NumPy's semantics for views, splitting and IO.
/// </summary>
/// <remarks>
/// <para>Create arrays with the factories on <see cref="NdArray"/> (<c>NdArray.Zeros&lt;double&gt;(3, 4)</c>,
/// <c>NdArray.Arange&lt;double&gt;(10)</c>, <c>NdArray.Load&lt;double&gt;(path)</c>). Slicing, <see cref="Reshape"/>,
/// <see cref="Transpose()"/> and <c>ArraySplit</c> return views that share storage: a write through a view is
/// visible in its base.</para>
/// <para>Large arrays live in native memory. Disposing the array that allocated it frees the memory immediately;
/// otherwise a finalizer frees it once neither the array nor any view is reachable.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed partial class NdArray<T> : NdArray where T : unmanaged
{
    private readonly Storage<T> _storage;
    private readonly bool _writeable;

    internal NdArray(Storage<T> storage, long[] shape, long[] strides, long offset, bool ownsStorage, ChunkInfo? chunk = null, bool writeable = true)
        : base(DType.Of<T>(), shape, strides, offset, ownsStorage, chunk)
    {
        _storage = storage;
        _writeable = writeable && storage.IsWriteable;
    }

    /// <summary>Where the elements live (shared with every view of this array).</summary>
    public Storage<T> Storage => _storage;

    /// <inheritdoc/>
    internal override bool TryAcquireStorageLease() => _storage.TryAcquireLease();

    /// <inheritdoc/>
    internal override void ReleaseStorageLease() => _storage.ReleaseLease();

    /// <inheritdoc/>
    public override bool IsWriteable => _writeable;

    /// <summary>True once the storage was disposed (by this array or the array that owns it).</summary>
    public bool IsDisposed => _storage.IsDisposed;

    /// <summary>
    /// The element at <paramref name="indices"/> (one per axis; negative values count from the end).
    /// </summary>
    /// <exception cref="ArgumentException">The number of indices differs from <see cref="NdArray.NDim"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside its axis, named in the message.</exception>
    /// <exception cref="InvalidOperationException">Setting an element of a read-only array.</exception>
    /// <remarks>The indices are a <c>params ReadOnlySpan</c>, so <c>a[i, j]</c> allocates nothing.</remarks>
    public T this[params ReadOnlySpan<long> indices]
    {
        get
        {
            T value = Unsafe.Add(ref _storage.DangerousGetReferenceForRead(), (nint)ElementOffset(indices));
            GC.KeepAlive(this);
            return value;
        }

        set
        {
            ThrowIfReadOnly();
            Unsafe.Add(ref _storage.DangerousGetReferenceInternal(), (nint)ElementOffset(indices)) = value;
            GC.KeepAlive(this);
        }
    }

    /// <summary>The only element of an array of size 1 (any number of axes, e.g. a 0-d array), as NumPy's <c>a.item()</c>.</summary>
    /// <exception cref="InvalidOperationException">The array does not have exactly one element.</exception>
    public T ToScalar()
    {
        if (Size != 1)
        {
            ThrowHelper.ThrowInvalidOperation($"can only convert an array of size 1 to a scalar; this one has shape {Shape} ({Size} elements)");
        }

        T value = DangerousGetReferenceForRead();
        GC.KeepAlive(this);
        return value;
    }

    /// <summary>A view selected by NumPy index entries (ranges, integers, <see cref="Slice.NewAxis"/>); C# ranges convert: <c>a[1..^1, ..]</c>.</summary>
    public NdArray<T> this[params Slice[] index] => Slice(index);

    /// <summary>A view selected by NumPy index text, e.g. <c>a["1:3, ::-1"]</c>.</summary>
    public NdArray<T> this[string index] => Slice(ChunkCompute.Slice.ParseMany(index));

    /// <summary>
    /// The elements as a span. The array must be C-contiguous, writeable, and hold at most <see cref="int.MaxValue"/> elements.
    /// </summary>
    /// <remarks>
    /// A span over native memory does not keep the array alive: keep a reference to the array (or a <c>using</c>) for as
    /// long as the span is used, and never use it after <see cref="NdArray.Dispose()"/>.
    /// <para>Writes through the span cannot be tracked, so the storage is marked exposed: operator expressions over
    /// it are evaluated eagerly from then on (<see cref="NdArray.IsDeferred"/>), and pending ones are evaluated now.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The array is not contiguous, is read-only, or is too large for one span (use <c>ArraySplit</c>).</exception>
    public Span<T> AsSpan()
    {
        var span = AsSpanInternal();
        _storage.MarkExposed();
        return span;
    }

    /// <summary>The elements as a read-only span (C-contiguous arrays of at most <see cref="int.MaxValue"/> elements).</summary>
    /// <remarks>
    /// As with <see cref="AsSpan"/>, the span does not keep the array alive: arrays above
    /// <see cref="NdArray.ManagedStorageLimitBytes"/> live in native memory, so keep a reference to the array for as long
    /// as the span is used.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The array is not contiguous or too large for one span.</exception>
    public ReadOnlySpan<T> AsReadOnlySpan()
    {
        if (!TryGetSpanCore(out var span, out string? why, forWrite: false))
        {
            ThrowHelper.ThrowInvalidOperation(why!);
        }

        return span;
    }

    /// <summary>Gets the elements as a span when the array is C-contiguous, writeable and small enough; false otherwise.</summary>
    /// <remarks>When it returns true, marks the storage exposed, as <see cref="AsSpan"/> does; the span does not keep the array alive.</remarks>
    public bool TryGetSpan(out Span<T> span)
    {
        if (!_writeable || !TryGetSpanCore(out span, out _, forWrite: true))
        {
            span = default;
            return false;
        }

        _storage.MarkExposed(); // only when a span is handed out
        return true;
    }

    /// <summary>Gets the elements as a read-only span when the array is C-contiguous and small enough; false otherwise.</summary>
    /// <remarks>The span does not keep the array alive (see <see cref="AsReadOnlySpan"/>).</remarks>
    public bool TryGetReadOnlySpan(out ReadOnlySpan<T> span)
    {
        bool ok = TryGetSpanCore(out var s, out _, forWrite: false);
        span = s;
        return ok;
    }

    /// <summary>A <see cref="Memory{T}"/> over the elements (C-contiguous, writeable arrays of at most <see cref="int.MaxValue"/> elements), for async code.</summary>
    /// <exception cref="InvalidOperationException">The array is read-only, not C-contiguous or too large (the message names shape and strides).</exception>
    /// <remarks>Marks the storage exposed, as <see cref="AsSpan"/> does.</remarks>
    public Memory<T> AsMemory()
    {
        ThrowIfReadOnly();
        _storage.MarkExposed();
        return MemoryCore();
    }

    /// <summary>A <see cref="ReadOnlyMemory{T}"/> over the elements (C-contiguous arrays of at most <see cref="int.MaxValue"/> elements), for async code.</summary>
    /// <exception cref="InvalidOperationException">The array is not C-contiguous or too large (the message names shape and strides).</exception>
    public ReadOnlyMemory<T> AsReadOnlyMemory() => MemoryCore();

    private Memory<T> MemoryCore()
    {
        if (!IsCContiguous || Size > int.MaxValue)
        {
            ThrowHelper.ThrowInvalidOperation($"AsMemory needs a C-contiguous array of at most {int.MaxValue} elements; this one has shape {Shape} and strides {Shape.Format(Strides)}.");
        }

        return Size == 0 ? Memory<T>.Empty : _storage.GetMemoryInternal(Offset, (int)Size);
    }

    /// <summary>A reference to the first element (index all-zero); for kernels that walk strides themselves.</summary>
    /// <remarks>Marks the storage exposed, as <see cref="AsSpan"/> does.</remarks>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    public ref T DangerousGetReference()
    {
        _storage.MarkExposed();
        return ref DangerousGetReferenceInternal();
    }

    /// <summary>The library's <see cref="DangerousGetReference"/> for code that may write: the write barrier, no exposure.</summary>
    internal ref T DangerousGetReferenceInternal() => ref Unsafe.Add(ref _storage.DangerousGetReferenceInternal(), (nint)Offset);

    /// <summary>The library's <see cref="DangerousGetReference"/> for code that only reads: no barrier, no exposure.</summary>
    internal ref T DangerousGetReferenceForRead() => ref Unsafe.Add(ref _storage.DangerousGetReferenceForRead(), (nint)Offset);

    /// <summary>The library's <see cref="AsSpan"/>: same checks, no exposure.</summary>
    internal Span<T> AsSpanInternal()
    {
        ThrowIfReadOnly();
        if (!TryGetSpanCore(out var span, out string? why, forWrite: true))
        {
            ThrowHelper.ThrowInvalidOperation(why!);
        }

        return span;
    }

    /// <summary>Sets every element to <paramref name="value"/> (in parallel for large arrays, per <see cref="Execution.ExecutionSettings.Current"/>).</summary>
    /// <exception cref="InvalidOperationException">The array is read-only.</exception>
    /// <exception cref="ObjectDisposedException">The storage was disposed.</exception>
    public void Fill(T value)
    {
        ThrowIfReadOnly();
        if (Size == 0)
        {
            return;
        }

        _ = _storage.DangerousGetReferenceInternal(); // throws ObjectDisposedException up front, not on a worker thread
        var loop = Loop1();
        loop.ParallelForEachRun(new FillRun(_storage, value, loop.InnerStride(0)));
        GC.KeepAlive(this);
    }

    /// <summary>
    /// Copies the elements into <paramref name="destination"/>, which must have the same shape (in parallel for large
    /// arrays). Overlapping source and destination are handled as NumPy does: the result is as if the source were copied first.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    /// <exception cref="InvalidOperationException">The destination is read-only.</exception>
    public void CopyTo(NdArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!Shape.Equals(destination.Shape))
        {
            ThrowHelper.ThrowArgument($"could not copy array of shape {Shape} into destination of shape {destination.Shape}", nameof(destination));
        }

        destination.ThrowIfReadOnly();
        if (Size == 0)
        {
            return;
        }

        _ = _storage.DangerousGetReferenceForRead();
        _ = destination._storage.DangerousGetReferenceInternal();
        if (ReferenceEquals(_storage, destination._storage) && Offset == destination.Offset && Strides.SequenceEqual(destination.Strides))
        {
            return; // copying onto itself
        }

        // Overlapping source and destination (e.g. a[1:] = a[:-1]) are copied through a temporary, as NumPy does.
        NdArray<T> source = ReferenceEquals(_storage, destination._storage) && MayOverlap(destination) ? Copy() : this;
        var loop = new StridedLoop(_shape, [destination._strides, source._strides], [destination.Offset, source.Offset]);
        loop.ParallelForEachRun(new CopyRun(destination._storage, source._storage, loop.InnerStride(0), loop.InnerStride(1)));
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    /// <summary>A C-contiguous copy in new storage.</summary>
    public NdArray<T> Copy()
    {
        var result = NdArray.Empty<T>(_shape);
        if (Size > 0)
        {
            CopyTo(result);
        }

        return result;
    }

    /// <inheritdoc/>
    public override NdArray CopyUntyped() => Copy();

    /// <summary>This array when it is C-contiguous, otherwise a C-contiguous copy (NumPy's <c>ascontiguousarray</c>).</summary>
    public NdArray<T> AsContiguous() => IsCContiguous ? this : Copy();

    /// <summary>The elements in C order as a new managed array.</summary>
    /// <exception cref="InvalidOperationException">More than <see cref="Array.MaxLength"/> elements.</exception>
    public T[] ToArray()
    {
        if (Size > Array.MaxLength)
        {
            ThrowHelper.ThrowInvalidOperation($"an array of {Size} elements does not fit in a .NET array (at most {Array.MaxLength}); use ArraySplit or a memory-mapped file.");
        }

        var result = new T[Size];
        if (Size > 0)
        {
            var view = new NdArray<T>(new ManagedStorage<T>(result), (long[])_shape.Clone(), CStrides(_shape), 0, false);
            CopyTo(view);
        }

        return result;
    }

    /// <inheritdoc/>
    public override NdArray<TOut> AsType<TOut>(bool copy = true)
    {
        if (typeof(TOut) == typeof(T) && !copy)
        {
            return (NdArray<TOut>)(object)this;
        }

        _ = _storage.DangerousGetReferenceForRead();
        var result = NdArray.Empty<TOut>(_shape);
        if (Size == 0)
        {
            return result;
        }

        var loop = new StridedLoop(_shape, [result._strides, _strides], [result.Offset, Offset]);
        loop.ParallelForEachRun(new CastRun<TOut>(result._storage, _storage, loop.InnerStride(0), loop.InnerStride(1)));
        GC.KeepAlive(this);
        return result;
    }

    /// <inheritdoc/>
    public override NdArray AsType(DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return dtype.Code switch
        {
            0 => AsType<double>(),
            1 => AsType<float>(),
            2 => AsType<Half>(),
            3 => AsType<long>(),
            4 => AsType<int>(),
            5 => AsType<short>(),
            6 => AsType<sbyte>(),
            7 => AsType<ulong>(),
            8 => AsType<uint>(),
            9 => AsType<ushort>(),
            10 => AsType<byte>(),
            _ => AsType<bool>(),
        };
    }

    /// <summary>NumPy's <c>array_equal</c>: same shape and equal values (NaN equals NaN only when <paramref name="equalNan"/>; +0.0 equals -0.0).</summary>
    public bool ArrayEquals(NdArray<T> other, bool equalNan = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Shape.Equals(other.Shape))
        {
            return false;
        }

        var compare = new CompareRun(this, other, CompareMode.Equal, equalNan, 0, 0);
        return compare.Run();
    }

    /// <summary>
    /// NumPy's <c>allclose</c>: same shape and <c>|a - b| &lt;= atol + rtol * |b|</c> everywhere (NaNs equal only with <paramref name="equalNan"/>; infinities must match).
    /// </summary>
    public bool AllClose(NdArray<T> other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Shape.Equals(other.Shape))
        {
            return false;
        }

        var compare = new CompareRun(this, other, CompareMode.Close, equalNan, rtol, atol);
        return compare.Run();
    }

    private enum CompareMode
    {
        Equal,
        Close,
    }

    /// <summary>Walks two same-shape arrays run by run (any layout, any size) and records whether every pair matches.</summary>
    private ref struct CompareRun : IRunAction
    {
        private readonly NdArray<T> _x;
        private readonly NdArray<T> _y;
        private readonly CompareMode _mode;
        private readonly bool _equalNan;
        private readonly double _rtol;
        private readonly double _atol;
        private long _xStride;
        private long _yStride;
        private bool _same;

        public CompareRun(NdArray<T> x, NdArray<T> y, CompareMode mode, bool equalNan, double rtol, double atol)
        {
            _x = x;
            _y = y;
            _mode = mode;
            _equalNan = equalNan;
            _rtol = rtol;
            _atol = atol;
            _same = true;
        }

        public bool Run()
        {
            if (_x.Size == 0)
            {
                return true;
            }

            var loop = new StridedLoop(_x._shape, [_x._strides, _y._strides], [_x.Offset, _y.Offset]);
            _xStride = loop.InnerStride(0);
            _yStride = loop.InnerStride(1);
            loop.ForEachRun(0, loop.OuterCount, ref this);
            GC.KeepAlive(_x);
            GC.KeepAlive(_y);
            return _same;
        }

        public void Invoke(scoped ReadOnlySpan<long> offsets, long length)
        {
            if (!_same)
            {
                return;
            }

            ref T px = ref Unsafe.Add(ref _x._storage.DangerousGetReferenceForRead(), (nint)offsets[0]);
            ref T py = ref Unsafe.Add(ref _y._storage.DangerousGetReferenceForRead(), (nint)offsets[1]);
            for (nint i = 0; i < (nint)length; i++)
            {
                T a = Unsafe.Add(ref px, i * (nint)_xStride), b = Unsafe.Add(ref py, i * (nint)_yStride);
                if (!Matches(a, b))
                {
                    _same = false;
                    return;
                }
            }
        }

        private readonly bool Matches(T a, T b)
        {
            if (_mode == CompareMode.Equal)
            {
                if (!ScalarCast.IsFloat<T>())
                {
                    return EqualityComparer<T>.Default.Equals(a, b);
                }

                // IEEE comparison: NaN never equals (unless equalNan), +0.0 equals -0.0 — as np.array_equal.
                double u = ScalarCast.ToDouble(a), v = ScalarCast.ToDouble(b);
                return u == v || (_equalNan && double.IsNaN(u) && double.IsNaN(v));
            }

            double x = ScalarCast.ToDouble(a), y = ScalarCast.ToDouble(b);
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                return _equalNan && double.IsNaN(x) && double.IsNaN(y);
            }

            if (double.IsInfinity(x) || double.IsInfinity(y))
            {
                return x == y;
            }

            return Math.Abs(x - y) <= _atol + (_rtol * Math.Abs(y));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (OwnsStorage)
        {
            _storage.Dispose();
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when the array is read-only: NumPy's "assignment destination is
    /// read-only", or "output array is read-only" when <paramref name="asOutput"/> (an operation's <c>out</c>).
    /// </summary>
    internal void ThrowIfReadOnly(bool asOutput = false)
    {
        if (!_writeable)
        {
            ThrowHelper.ThrowInvalidOperation(asOutput ? "output array is read-only" : "assignment destination is read-only");
        }
    }

    /// <summary>A one-operand loop over this array.</summary>
    internal StridedLoop Loop1() => new(_shape, [_strides], [Offset]);

    internal long ElementOffset(ReadOnlySpan<long> indices)
    {
        if (indices.Length != _shape.Length)
        {
            ThrowHelper.ThrowArgument($"{indices.Length} indices given for an array of dimension {_shape.Length} (shape {Shape})", nameof(indices));
        }

        long offset = Offset;
        for (int d = 0; d < indices.Length; d++)
        {
            long i = indices[d];
            long n = _shape[d];
            if (i < 0)
            {
                i += n;
            }

            if ((ulong)i >= (ulong)n)
            {
                ThrowHelper.ThrowIndexOutOfRange(indices[d], d, n);
            }

            offset += i * _strides[d];
        }

        return offset;
    }

    private bool TryGetSpanCore(out Span<T> span, out string? why, bool forWrite)
    {
        if (!IsCContiguous)
        {
            span = default;
            why = $"a span needs a C-contiguous array; this one has shape {Shape} and strides {Shape.Format(Strides)} (call AsContiguous() first)";
            return false;
        }

        if (Size > int.MaxValue)
        {
            span = default;
            why = $"an array of {Size} elements is larger than one span can address ({int.MaxValue}); use ArraySplit to process it in chunks";
            return false;
        }

        why = null;
        span = Size == 0 ? default : MemoryMarshal.CreateSpan(ref forWrite ? ref DangerousGetReferenceInternal() : ref DangerousGetReferenceForRead(), (int)Size);
        return true;
    }

    internal override void WriteBytesTo(Stream stream, bool fortranOrder)
    {
        // Fortran order of this array is C order of its transpose.
        NdArray<T> source = fortranOrder ? Transpose().AsContiguous() : AsContiguous();

        long remaining = source.Size;
        long start = 0;
        const int block = 1 << 24;
        while (remaining > 0)
        {
            int n = (int)Math.Min(remaining, block / Unsafe.SizeOf<T>());
            var span = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref source.DangerousGetReferenceForRead(), (nint)start), n);
            stream.Write(MemoryMarshal.AsBytes(span));
            start += n;
            remaining -= n;
        }

        GC.KeepAlive(source);
    }

    /// <summary>
    /// True unless the element ranges of this array and <paramref name="other"/> (same storage) are provably disjoint.
    /// </summary>
    private bool MayOverlap(NdArray<T> other)
    {
        var (lo1, hi1) = Extent();
        var (lo2, hi2) = other.Extent();
        return lo1 <= hi2 && lo2 <= hi1;
    }

    /// <summary>Lowest and highest storage index this (non-empty) array touches.</summary>
    private (long Low, long High) Extent()
    {
        long lo = Offset, hi = Offset;
        for (int d = 0; d < _shape.Length; d++)
        {
            long span = (_shape[d] - 1) * _strides[d];
            if (span < 0)
            {
                lo += span;
            }
            else
            {
                hi += span;
            }
        }

        return (lo, hi);
    }

    /// <summary><c>x = value</c> over one run.</summary>
    private readonly struct FillRun : IRunAction
    {
        private readonly Storage<T> _storage;
        private readonly T _value;
        private readonly long _stride;

        public FillRun(Storage<T> storage, T value, long stride)
        {
            _storage = storage;
            _value = value;
            _stride = stride;
        }

        public void Invoke(scoped ReadOnlySpan<long> offsets, long length)
        {
            ref T p = ref Unsafe.Add(ref _storage.DangerousGetReferenceInternal(), (nint)offsets[0]);
            if (_stride != 1)
            {
                nint stride = (nint)_stride;
                for (nint i = 0; i < (nint)length; i++)
                {
                    Unsafe.Add(ref p, i * stride) = _value;
                }

                return;
            }

            while (length > 0)
            {
                int n = (int)Math.Min(length, int.MaxValue);
                MemoryMarshal.CreateSpan(ref p, n).Fill(_value);
                p = ref Unsafe.Add(ref p, n);
                length -= n;
            }
        }
    }

    /// <summary><c>destination = source</c> over one run (strided or dense).</summary>
    private readonly struct CopyRun : IRunAction
    {
        private readonly Storage<T> _dst;
        private readonly Storage<T> _src;
        private readonly long _dstStride;
        private readonly long _srcStride;

        public CopyRun(Storage<T> dst, Storage<T> src, long dstStride, long srcStride)
        {
            _dst = dst;
            _src = src;
            _dstStride = dstStride;
            _srcStride = srcStride;
        }

        public void Invoke(scoped ReadOnlySpan<long> offsets, long length)
        {
            ref T d = ref Unsafe.Add(ref _dst.DangerousGetReferenceInternal(), (nint)offsets[0]);
            ref T s = ref Unsafe.Add(ref _src.DangerousGetReferenceForRead(), (nint)offsets[1]);
            if (_dstStride == 1 && _srcStride == 1)
            {
                while (length > 0)
                {
                    int n = (int)Math.Min(length, int.MaxValue);
                    MemoryMarshal.CreateReadOnlySpan(ref s, n).CopyTo(MemoryMarshal.CreateSpan(ref d, n));
                    d = ref Unsafe.Add(ref d, n);
                    s = ref Unsafe.Add(ref s, n);
                    length -= n;
                }

                return;
            }

            // Index arithmetic rather than advancing refs: a ref must never point outside the object (negative strides).
            nint ds = (nint)_dstStride, ss = (nint)_srcStride;
            for (nint i = 0; i < (nint)length; i++)
            {
                Unsafe.Add(ref d, i * ds) = Unsafe.Add(ref s, i * ss);
            }
        }
    }

    /// <summary><c>destination = (TOut)source</c> with NumPy's cast results over one run.</summary>
    private readonly struct CastRun<TOut> : IRunAction where TOut : unmanaged
    {
        private readonly Storage<TOut> _dst;
        private readonly Storage<T> _src;
        private readonly long _dstStride;
        private readonly long _srcStride;

        public CastRun(Storage<TOut> dst, Storage<T> src, long dstStride, long srcStride)
        {
            _dst = dst;
            _src = src;
            _dstStride = dstStride;
            _srcStride = srcStride;
        }

        public void Invoke(scoped ReadOnlySpan<long> offsets, long length)
        {
            ref TOut d = ref Unsafe.Add(ref _dst.DangerousGetReferenceInternal(), (nint)offsets[0]);
            ref T s = ref Unsafe.Add(ref _src.DangerousGetReferenceForRead(), (nint)offsets[1]);
            if (_dstStride == 1 && _srcStride == 1)
            {
                // float16 <-> float32 in vector lanes (HalfConversion: the same bits as ScalarCast, NumPy's cast rule for NaN).
                if ((typeof(T) == typeof(Half) && typeof(TOut) == typeof(float)) || (typeof(T) == typeof(float) && typeof(TOut) == typeof(Half)))
                {
                    for (long done = 0; done < length;)
                    {
                        int n = (int)Math.Min(length - done, 1 << 20);
                        if (typeof(T) == typeof(Half))
                        {
                            HalfConversion.ToSingle(
                                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, Half>(ref Unsafe.Add(ref s, (nint)done)), n),
                                MemoryMarshal.CreateSpan(ref Unsafe.As<TOut, float>(ref Unsafe.Add(ref d, (nint)done)), n));
                        }
                        else
                        {
                            HalfConversion.ToHalf(
                                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref Unsafe.Add(ref s, (nint)done)), n),
                                MemoryMarshal.CreateSpan(ref Unsafe.As<TOut, Half>(ref Unsafe.Add(ref d, (nint)done)), n),
                                castNaN: true);
                        }

                        done += n;
                    }

                    return;
                }

                for (nint i = 0; i < (nint)length; i++)
                {
                    Unsafe.Add(ref d, i) = ScalarCast.Convert<T, TOut>(Unsafe.Add(ref s, i));
                }

                return;
            }

            nint ds = (nint)_dstStride, ss = (nint)_srcStride;
            for (nint i = 0; i < (nint)length; i++)
            {
                Unsafe.Add(ref d, i * ds) = ScalarCast.Convert<T, TOut>(Unsafe.Add(ref s, i * ss));
            }
        }
    }
}
