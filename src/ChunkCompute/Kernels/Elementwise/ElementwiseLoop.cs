using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.Expressions;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// The N-D layer under every elementwise operation: broadcasting, output allocation or validation, overlap
/// handling, parallel partition, and the walk over dense inner runs that calls a 1-D span kernel.
/// </summary>
/// <remarks>
/// <para><b>Runs.</b> Operands are viewed with broadcast strides (0 on stretched axes) and walked by
/// <see cref="StridedLoop"/>, which merges axes so C-contiguous operands become a single run. A run whose operands
/// all have stride 1 goes to the kernel as spans directly; other operands are gathered into (and the output
/// scattered from) stack buffers of <see cref="BlockLength"/> elements, so kernels only ever see dense spans and
/// strided, transposed, negative-stride and broadcast inputs give the same bits as contiguous copies. When an
/// operand runs across the output's rows (a transposed view), the last two axes are walked in tiles instead
/// (<see cref="Transposes"/>).</para>
/// <para><b>Threads.</b> The flat output range <c>[0, size)</c> is split by <see cref="ParallelRange.For"/>
/// (<see cref="ExecutionSettings"/>); each part walks the runs it intersects, cutting the first and last, so a
/// single contiguous run is split as well as many short ones. Kernels stay single-threaded.</para>
/// <para><b>Deferred inputs.</b> When an input is a pending operator expression (<see cref="NdArray.IsDeferred"/>)
/// of the same element type and layout, <see cref="Unary"/> and <see cref="Binary"/> evaluate its tree with their own
/// kernel as the root straight into the output (<see cref="DeferredExpressions.TryFuseUnary"/>), so
/// <c>NdArray.Sqrt(a*a + b*b)</c> makes one pass; other inputs are computed on first access.</para>
/// <para><b>Overlap.</b> An output that shares storage with an input is fine when both address the same elements
/// in the same order (in place, <c>a += b</c>); any other intersection (<c>a[1:] += a[:-1]</c>, a broadcast input
/// under its own output) is computed into a temporary first and then copied, as NumPy does.</para>
/// </remarks>
internal static class ElementwiseLoop
{
    /// <summary>Elements per gather/scatter block on strided runs.</summary>
    public const int BlockLength = 512;

    /// <summary>Unary operation <c>x -> out</c>.</summary>
    public static NdArray<TOut> Unary<TIn, TOut, TK>(NdArray<TIn> x, NdArray<TOut>? output, ExecutionSettings? settings)
        where TIn : unmanaged
        where TOut : unmanaged
        where TK : IUnaryKernel<TIn, TOut>
    {
        ArgumentNullException.ThrowIfNull(x);
        return DeferredExpressions.TryFuseUnary<TIn, TOut, TK>(x, output, settings, out var fused)
            ? fused
            : Run<TIn, byte, byte, TOut, UnaryAsTernary<TIn, TOut, TK>>(1, x, null, null, output, settings);
    }

    /// <summary>Binary operation <c>(x, y) -> out</c> with broadcasting.</summary>
    public static NdArray<TOut> Binary<T1, T2, TOut, TK>(NdArray<T1> x, NdArray<T2> y, NdArray<TOut>? output, ExecutionSettings? settings)
        where T1 : unmanaged
        where T2 : unmanaged
        where TOut : unmanaged
        where TK : IBinaryKernel<T1, T2, TOut>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return DeferredExpressions.TryFuseBinary<T1, T2, TOut, TK>(x, y, output, settings, out var fused)
            ? fused
            : Run<T1, T2, byte, TOut, BinaryAsTernary<T1, T2, TOut, TK>>(2, x, y, null, output, settings);
    }

    /// <summary>Ternary operation <c>(x, y, z) -> out</c> with broadcasting.</summary>
    public static NdArray<TOut> Ternary<T1, T2, T3, TOut, TK>(NdArray<T1> x, NdArray<T2> y, NdArray<T3> z, NdArray<TOut>? output, ExecutionSettings? settings)
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
        where TOut : unmanaged
        where TK : ITernaryKernel<T1, T2, T3, TOut>
        => Run<T1, T2, T3, TOut, TK>(3, x, y, z, output, settings);

    private static NdArray<TOut> Run<T1, T2, T3, TOut, TK>(int arity, NdArray<T1> x, NdArray<T2>? y, NdArray<T3>? z, NdArray<TOut>? output, ExecutionSettings? settings)
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
        where TOut : unmanaged
        where TK : ITernaryKernel<T1, T2, T3, TOut>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (arity >= 2)
        {
            ArgumentNullException.ThrowIfNull(y);
        }

        if (arity >= 3)
        {
            ArgumentNullException.ThrowIfNull(z);
        }

        long[] shape = arity switch
        {
            1 => Broadcasting.ResultShape([x.Shape], output?.Shape),
            2 => Broadcasting.ResultShape([x.Shape, y!.Shape], output?.Shape),
            _ => Broadcasting.ResultShape([x.Shape, y!.Shape, z!.Shape], output?.Shape),
        };
        if (output is null)
        {
            output = NdArray.Empty<TOut>(shape);
        }
        else
        {
            output.ThrowIfReadOnly(asOutput: true);
            if (output.IsDisposed)
            {
                ThrowHelper.ThrowObjectDisposed("output array");
            }

            if (NeedsTemporary(output, x, shape) || (arity >= 2 && NeedsTemporary(output, y!, shape)) || (arity >= 3 && NeedsTemporary(output, z!, shape)))
            {
                using var temp = Run<T1, T2, T3, TOut, TK>(arity, x, y, z, null, settings);
                temp.CopyTo(output);
                return output;
            }
        }

        long size = Shape.ComputeSize(shape);
        if (size == 0)
        {
            return output;
        }

        // Up front on this thread: the output's write barrier first (it may evaluate a deferred input that reads the
        // output), then the inputs (a deferred one is computed here, once, not inside a worker).
        _ = output.Storage.DangerousGetReferenceInternal();
        _ = x.Storage.DangerousGetReferenceForRead();
        _ = y?.Storage.DangerousGetReferenceForRead();
        _ = z?.Storage.DangerousGetReferenceForRead();

        long[][] strides =
        [
            output.Strides.ToArray(),
            Broadcasting.BroadcastStrides(x.Shape.AsSpan(), x.Strides, shape),
            y is null ? new long[shape.Length] : Broadcasting.BroadcastStrides(y.Shape.AsSpan(), y.Strides, shape),
            z is null ? new long[shape.Length] : Broadcasting.BroadcastStrides(z.Shape.AsSpan(), z.Strides, shape),
        ];
        long[] offsets = [output.Offset, x.Offset, y?.Offset ?? 0, z?.Offset ?? 0];
        var loop = new StridedLoop(shape, strides, offsets);
        if (Transposes(loop, arity))
        {
            var tiles = new TileAction<T1, T2, T3, TOut, TK>(loop, output, x, y, z);
            ParallelRange.For(tiles.Count, in tiles, settings, tiles.ElementsPerTile);
            return output;
        }

        var action = new RangeAction<T1, T2, T3, TOut, TK>(loop, output, x, y, z);
        ParallelRange.For(size, in action, settings);
        return output;
    }

    /// <summary>Rows of a tile of the transposing walk (see <see cref="Transposes"/>).</summary>
    internal const int TileRows = 16;

    /// <summary>Columns of a tile of the transposing walk.</summary>
    internal const int TileColumns = 512;

    /// <summary>
    /// Whether some operand runs across the output's rows (a transposed view: a large stride along the run and a
    /// smaller one along the axis before it). Row by row, each element of such an operand lies on another cache
    /// line and page; tiles of <see cref="TileRows"/> × <see cref="TileColumns"/> reuse the lines they touch while
    /// the plain operands still read 4 KiB row segments (5,000 × 10,000 <c>m + s.T</c>, 2 threads: 268 → 64 ms; tiles
    /// of 32 × 64 gave 158 ms, 64 × 64 100, 8 × 512 66, 32 × 256 67, 8 × 1024 75). The results are element-wise, so
    /// the walk's order does not change them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Transposes(StridedLoop loop, int arity)
    {
        if (loop.Rank < 2 || loop.Length(loop.Rank - 2) < 2 || loop.InnerLength < 2)
        {
            return false;
        }

        for (int k = 0; k <= arity; k++)
        {
            long inner = Math.Abs(loop.InnerStride(k)), across = Math.Abs(loop.Stride(k, loop.Rank - 2));
            if (inner >= 16 && across < inner)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The transposing walk: the runs of each plane (the last two merged axes) in tiles of <see cref="TileRows"/>
    /// rows by <see cref="TileColumns"/> columns, tiles shared out over threads.
    /// </summary>
    private readonly struct TileAction<T1, T2, T3, TOut, TK> : IRangeAction
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
        where TOut : unmanaged
        where TK : ITernaryKernel<T1, T2, T3, TOut>
    {
        private readonly StridedLoop _loop;
        private readonly NdArray<TOut> _output;
        private readonly NdArray<T1> _x;
        private readonly NdArray<T2>? _y;
        private readonly NdArray<T3>? _z;
        private readonly long _rows;
        private readonly long _rowTiles;
        private readonly long _columnTiles;

        public TileAction(StridedLoop loop, NdArray<TOut> output, NdArray<T1> x, NdArray<T2>? y, NdArray<T3>? z)
        {
            _loop = loop;
            _output = output;
            _x = x;
            _y = y;
            _z = z;
            _rows = loop.Length(loop.Rank - 2);
            _rowTiles = ((_rows - 1) / TileRows) + 1;
            _columnTiles = ((loop.InnerLength - 1) / TileColumns) + 1;
            Count = loop.OuterCount / _rows * _rowTiles * _columnTiles;
            ElementsPerTile = Math.Min(TileRows, _rows) * Math.Min(TileColumns, loop.InnerLength);
        }

        public long Count { get; }

        /// <summary>Elements of a whole tile (of the first, when the plane is smaller than a tile).</summary>
        public long ElementsPerTile { get; }

        public void Invoke(long start, long end)
        {
            for (long t = start; t < end; t++)
            {
                long plane = t / (_rowTiles * _columnTiles);
                long rowTile = t / _columnTiles % _rowTiles;
                long c0 = t % _columnTiles * TileColumns;
                long r0 = (plane * _rows) + (rowTile * TileRows);
                long r1 = Math.Min(r0 + TileRows, (plane + 1) * _rows);
                var run = new RunAction<T1, T2, T3, TOut, TK>(_loop, _output, _x, _y, _z, c0, Math.Min(c0 + TileColumns, _loop.InnerLength));
                _loop.ForEachRun(r0, r1, ref run);
            }
        }
    }

    /// <summary>True when <paramref name="input"/> shares memory with <paramref name="output"/> other than element for element.</summary>
    private static bool NeedsTemporary<TOut, TIn>(NdArray<TOut> output, NdArray<TIn> input, long[] shape)
        where TOut : unmanaged
        where TIn : unmanaged
    {
        if (!ReferenceEquals(output.Storage, input.Storage) || output.Size == 0)
        {
            return false;
        }

        var inStrides = Broadcasting.BroadcastStrides(input.Shape.AsSpan(), input.Strides, shape);
        if (input.Offset == output.Offset && inStrides.AsSpan().SequenceEqual(output.Strides))
        {
            return false;
        }

        var (oLo, oHi) = Extent(output.Offset, shape, output.Strides);
        var (iLo, iHi) = Extent(input.Offset, shape, inStrides);
        return oLo <= iHi && iLo <= oHi;
    }

    private static (long Lo, long Hi) Extent(long offset, ReadOnlySpan<long> shape, ReadOnlySpan<long> strides)
    {
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.Length; i++)
        {
            long span = (shape[i] - 1) * strides[i];
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

    private readonly struct RangeAction<T1, T2, T3, TOut, TK>(StridedLoop loop, NdArray<TOut> output, NdArray<T1> x, NdArray<T2>? y, NdArray<T3>? z) : IRangeAction
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
        where TOut : unmanaged
        where TK : ITernaryKernel<T1, T2, T3, TOut>
    {
        public void Invoke(long start, long end)
        {
            long inner = loop.InnerLength;
            long r0 = start / inner;
            long r1 = (end - 1) / inner;
            var run = new RunAction<T1, T2, T3, TOut, TK>(loop, output, x, y, z, r0, start - (r0 * inner), r1, end - (r1 * inner));
            loop.ForEachRun(r0, r1 + 1, ref run);
        }
    }

    private ref struct RunAction<T1, T2, T3, TOut, TK> : IRunAction
        where T1 : unmanaged
        where T2 : unmanaged
        where T3 : unmanaged
        where TOut : unmanaged
        where TK : ITernaryKernel<T1, T2, T3, TOut>
    {
        private readonly ref TOut _o;
        private readonly ref T1 _x;
        private readonly ref T2 _y;
        private readonly ref T3 _z;
        private readonly long _so, _sx, _sy, _sz;
        private readonly long _firstRun, _firstStart, _lastRun, _lastEnd;
        private readonly bool _hasY, _hasZ;
        private readonly bool _window;
        private readonly long _windowLo, _windowHi;
        private long _run;

        /// <summary>
        /// The runs <c>[firstRun, lastRun]</c>, the first from <paramref name="firstStart"/>, the last up to
        /// <paramref name="lastEnd"/>. The operands are read through their storage's read reference: the caller
        /// applied the output's write barrier up front.
        /// </summary>
        public RunAction(StridedLoop loop, NdArray<TOut> output, NdArray<T1> x, NdArray<T2>? y, NdArray<T3>? z, long firstRun, long firstStart, long lastRun, long lastEnd)
        {
            _o = ref output.Storage.DangerousGetReferenceForRead();
            _x = ref x.Storage.DangerousGetReferenceForRead();
            _y = ref y is null ? ref Unsafe.NullRef<T2>() : ref y.Storage.DangerousGetReferenceForRead();
            _z = ref z is null ? ref Unsafe.NullRef<T3>() : ref z.Storage.DangerousGetReferenceForRead();
            _hasY = y is not null;
            _hasZ = z is not null;
            _so = loop.InnerStride(0);
            _sx = loop.InnerStride(1);
            _sy = loop.InnerStride(2);
            _sz = loop.InnerStride(3);
            _run = firstRun;
            _firstRun = firstRun;
            _firstStart = firstStart;
            _lastRun = lastRun;
            _lastEnd = lastEnd;
        }

        /// <summary>Every run's columns <c>[lo, hi)</c> (a tile of the transposing walk).</summary>
        public RunAction(StridedLoop loop, NdArray<TOut> output, NdArray<T1> x, NdArray<T2>? y, NdArray<T3>? z, long lo, long hi)
            : this(loop, output, x, y, z, 0, 0, -1, 0)
        {
            _window = true;
            _windowLo = lo;
            _windowHi = hi;
        }

        public void Invoke(scoped ReadOnlySpan<long> offsets, long length)
        {
            if (_window)
            {
                Process(offsets, _windowLo, _windowHi);
                return;
            }

            long lo = _run == _firstRun ? _firstStart : 0;
            long hi = _run == _lastRun ? _lastEnd : length;
            _run++;
            Process(offsets, lo, hi);
        }

        private readonly void Process(scoped ReadOnlySpan<long> offsets, long lo, long hi)
        {
            ref TOut o = ref Unsafe.Add(ref _o, (nint)(offsets[0] + (lo * _so)));
            ref T1 x = ref Unsafe.Add(ref _x, (nint)(offsets[1] + (lo * _sx)));
            ref T2 y = ref _hasY ? ref Unsafe.Add(ref _y, (nint)(offsets[2] + (lo * _sy))) : ref Unsafe.NullRef<T2>();
            ref T3 z = ref _hasZ ? ref Unsafe.Add(ref _z, (nint)(offsets[3] + (lo * _sz))) : ref Unsafe.NullRef<T3>();
            long n = hi - lo;
            bool dense = _so == 1 && _sx == 1 && (!_hasY || _sy == 1) && (!_hasZ || _sz == 1);
            if (dense)
            {
                for (long done = 0; done < n;)
                {
                    int len = (int)Math.Min(n - done, 1 << 30);
                    TK.Invoke(
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref x, (nint)done), len),
                        _hasY ? MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref y, (nint)done), len) : default,
                        _hasZ ? MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref z, (nint)done), len) : default,
                        MemoryMarshal.CreateSpan(ref Unsafe.Add(ref o, (nint)done), len));
                    done += len;
                }

                return;
            }

            Span<TOut> bo = stackalloc TOut[BlockLength];
            Span<T1> bx = stackalloc T1[BlockLength];
            Span<T2> by = _hasY ? stackalloc T2[BlockLength] : default;
            Span<T3> bz = _hasZ ? stackalloc T3[BlockLength] : default;

            // A stride-0 operand (a broadcast scalar along the run) is one value: its buffer is filled once per run,
            // not once per block (x + 7 on 1M int32 spent more time filling than adding).
            bool constX = _sx == 0, constY = _hasY && _sy == 0, constZ = _hasZ && _sz == 0;
            if (constX)
            {
                bx.Fill(x);
            }

            if (constY)
            {
                by.Fill(y);
            }

            if (constZ)
            {
                bz.Fill(z);
            }

            for (long done = 0; done < n; done += BlockLength)
            {
                int len = (int)Math.Min(n - done, BlockLength);
                ReadOnlySpan<T1> sx = constX ? bx[..len] : Gather(ref x, _sx, done, len, bx);
                ReadOnlySpan<T2> sy = !_hasY ? default : constY ? by[..len] : Gather(ref y, _sy, done, len, by);
                ReadOnlySpan<T3> sz = !_hasZ ? default : constZ ? bz[..len] : Gather(ref z, _sz, done, len, bz);
                if (_so == 1)
                {
                    TK.Invoke(sx, sy, sz, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref o, (nint)done), len));
                }
                else
                {
                    var dst = bo[..len];
                    TK.Invoke(sx, sy, sz, dst);
                    ref TOut ob = ref Unsafe.Add(ref o, (nint)(done * _so));
                    for (int i = 0; i < len; i++)
                    {
                        Unsafe.Add(ref ob, (nint)(i * _so)) = dst[i];
                    }
                }
            }
        }

        private static ReadOnlySpan<T> Gather<T>(ref T start, long stride, long done, int len, Span<T> buffer)
            where T : unmanaged
        {
            if (stride == 1)
            {
                return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref start, (nint)done), len);
            }

            var b = buffer[..len];
            ref T s = ref Unsafe.Add(ref start, (nint)(done * stride));
            for (int i = 0; i < len; i++)
            {
                b[i] = Unsafe.Add(ref s, (nint)(i * stride));
            }

            return b;
        }
    }
}
