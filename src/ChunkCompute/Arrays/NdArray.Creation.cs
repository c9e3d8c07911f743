using System.Runtime.CompilerServices;
using ChunkCompute.Storage;

namespace ChunkCompute;

/// <summary>Factories: <c>np.zeros</c>, <c>np.ones</c>, <c>np.full</c>, <c>np.empty</c>, <c>np.arange</c>, <c>np.linspace</c>, from managed arrays.</summary>
public abstract partial class NdArray
{
    /// <summary>
    /// Arrays of at most this many bytes live in managed memory; larger ones in 64-byte aligned native memory with
    /// huge pages (see <see cref="NativeAllocator"/>). 64 KiB keeps managed arrays below the runtime's large object
    /// heap threshold (85,000 bytes): a loop of 1M-element comparisons, whose 1 MB bool results went to that heap,
    /// took 1.8–2.4 ms per call, and 0.2 ms with the threshold raised (<c>DOTNET_GCLOHThreshold</c>).
    /// </summary>
    public const long ManagedStorageLimitBytes = 64 << 10;

    /// <summary>An array of <paramref name="shape"/> whose elements are not initialised (NumPy's <c>empty</c>).</summary>
    public static NdArray<T> Empty<T>(params long[] shape) where T : unmanaged => Allocate<T>(shape, zero: false);

    /// <summary>An array of zeros (NumPy's <c>zeros</c>).</summary>
    /// <remarks>
    /// Like NumPy's <c>calloc</c>: a fresh large block is a new kernel mapping that is already zero, so nothing is
    /// written up front and pages are faulted in on first touch; a block reused from <see cref="NativeAllocator"/>'s
    /// cache is cleared in parallel (<see cref="Execution.ExecutionSettings.Current"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">A length is negative or the size overflows 64 bits (the message names the shape).</exception>
    /// <exception cref="InsufficientMemoryException">The system cannot provide the memory.</exception>
    public static NdArray<T> Zeros<T>(params long[] shape) where T : unmanaged => Allocate<T>(shape, zero: true);

    /// <summary>An array of ones (NumPy's <c>ones</c>).</summary>
    public static NdArray<T> Ones<T>(params long[] shape) where T : unmanaged => Full(shape, ScalarCast.FromDouble<T>(1.0));

    /// <summary>An array filled with <paramref name="value"/> (NumPy's <c>full</c>).</summary>
    public static NdArray<T> Full<T>(long[] shape, T value) where T : unmanaged
    {
        var a = Allocate<T>(shape, zero: false);
        a.Fill(value);
        return a;
    }

    /// <summary>A 0-d array holding <paramref name="value"/>.</summary>
    public static NdArray<T> Scalar<T>(T value) where T : unmanaged => Full([], value);

    /// <summary>Values <c>0, 1, …, stop-1</c> (NumPy's <c>arange(stop)</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="stop"/> is not finite, or the length does not fit in 64 bits.</exception>
    public static NdArray<T> Arange<T>(double stop) where T : unmanaged => Arange<T>(0, stop, 1);

    /// <summary>
    /// Values <c>start + i*step</c> for <c>i</c> in <c>[0, ceil((stop - start) / step))</c>, computed as NumPy's
    /// <c>arange(start, stop, step, dtype)</c>: the first two values are converted to <typeparamref name="T"/>
    /// (<c>a0 = T(start)</c>, <c>a1 = T(start + step)</c>) and the rest are <c>a0 + i*(a1 - a0)</c> in <typeparamref name="T"/>'s
    /// arithmetic (so for integer types a fractional start or step truncates first, exactly as NumPy).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0, a value is not finite, the length does not fit in
    /// 64 bits, or <typeparamref name="T"/> is bool and the result has more than 2 elements (as NumPy).</exception>
    public static NdArray<T> Arange<T>(double start, double stop, double step = 1) where T : unmanaged
    {
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
        {
            ThrowHelper.ThrowArgument($"arange needs finite start, stop and a non-zero step (got start={start}, stop={stop}, step={step})", nameof(step));
        }

        double length = Math.Ceiling((stop - start) / step);
        if (!(length < 9.2e18))
        {
            ThrowHelper.ThrowArgument($"Maximum allowed size exceeded: arange(start={start}, stop={stop}, step={step}) would have {length} elements", nameof(step));
        }

        long n = (long)Math.Max(0, length);
        if (typeof(T) == typeof(bool) && n > 2)
        {
            ThrowHelper.ThrowArgument($"arange() is only supported for booleans when the result has at most length 2 (got {n})", nameof(stop));
        }

        var a = Empty<T>(n);
        if (n == 0)
        {
            return a;
        }

        T first = ScalarCast.FromDouble<T>(start);
        T second = ScalarCast.FromDouble<T>(start + step);
        ref T p = ref a.DangerousGetReferenceInternal();
        p = first;
        if (n > 1)
        {
            Unsafe.Add(ref p, 1) = second;
        }

        if (n > 2)
        {
            FillArangeTail(a, n, first, second);
        }

        return a;
    }

    /// <summary>
    /// <paramref name="num"/> evenly spaced values from <paramref name="start"/> to <paramref name="stop"/> (included when
    /// <paramref name="endpoint"/>), computed as NumPy's <c>linspace</c> in float64: <c>start + i*step</c> with
    /// <c>step = (stop - start) / div</c> (or <c>start + (i/div)*delta</c> when the step underflows to 0), the last value
    /// exactly <paramref name="stop"/>; integer types take the floor before converting, as NumPy.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="num"/> is negative.</exception>
    public static NdArray<T> Linspace<T>(double start, double stop, long num = 50, bool endpoint = true) where T : unmanaged
    {
        if (num < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(num), num, $"Number of samples, {num}, must be non-negative.");
        }

        long div = endpoint ? num - 1 : num;
        double delta = stop - start;
        double step = div > 0 ? delta / div : double.NaN;
        bool stepIsZero = div > 0 && step == 0;
        bool floor = ScalarCast.IsInteger<T>();
        var a = Empty<T>(num);
        ref T p = ref a.DangerousGetReferenceInternal();
        for (long i = 0; i < num; i++)
        {
            double y = div > 0
                ? (stepIsZero ? (i / (double)div * delta) + start : (i * step) + start)
                : (i * delta) + start;
            if (endpoint && num > 1 && i == num - 1)
            {
                y = stop;
            }

            Unsafe.Add(ref p, (nint)i) = ScalarCast.FromDouble<T>(floor ? Math.Floor(y) : y);
        }

        return a;
    }

    /// <summary>Copies <paramref name="data"/> into a new array of <paramref name="shape"/> (1-D when omitted), as <c>np.array(data).reshape(shape)</c>.</summary>
    /// <exception cref="ArgumentException">The shape's size differs from the data length.</exception>
    public static NdArray<T> FromArray<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var wrapped = Wrap(data, shape);
        return wrapped.Copy();
    }

    /// <summary>Wraps <paramref name="data"/> without copying (writes are shared both ways), as <c>np.frombuffer</c>.</summary>
    /// <remarks>Operators over a wrapped array are always evaluated eagerly (<see cref="IsDeferred"/>): writes to
    /// <paramref name="data"/> cannot be tracked.</remarks>
    /// <exception cref="ArgumentException">The shape's size differs from the data length.</exception>
    public static NdArray<T> Wrap<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        shape = shape is null || shape.Length == 0 ? [data.LongLength] : (long[])shape.Clone();
        long size = Shape.ComputeSize(shape);
        if (size != data.LongLength)
        {
            ThrowHelper.ThrowArgument($"cannot reshape array of size {data.LongLength} into shape {Shape.Format(shape)}", nameof(shape));
        }

        var storage = new ManagedStorage<T>(data);
        storage.MarkExposed(); // the caller keeps the array and may write it at any time: never defer operators over it
        return new NdArray<T>(storage, shape, CStrides(shape), 0, ownsStorage: false);
    }

    /// <summary>Copies a rectangular 2-D managed array.</summary>
    public static NdArray<T> FromArray<T>(T[,] data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var a = Empty<T>(data.GetLength(0), data.GetLength(1));
        if (data.Length > 0)
        {
            // A rectangular array stores its elements in row-major order.
            ref T first = ref Unsafe.As<byte, T>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(data));
            System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref first, data.Length).CopyTo(a.AsSpanInternal());
            GC.KeepAlive(a);
        }

        return a;
    }

    /// <summary>Allocates a C-contiguous array; <paramref name="zero"/> clears it (in parallel, and only when the block is not already known to be zero).</summary>
    internal static NdArray<T> Allocate<T>(long[] shape, bool zero) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape = (long[])shape.Clone();
        _ = DType.Of<T>();
        long size = Shape.ComputeSize(shape);
        if (size > long.MaxValue / Unsafe.SizeOf<T>())
        {
            ThrowHelper.ThrowArgument($"array is too big: shape {Shape.Format(shape)} ({size} elements of {Unsafe.SizeOf<T>()} bytes) needs more than {long.MaxValue} bytes", nameof(shape));
        }

        long bytes = size * Unsafe.SizeOf<T>();
        if (bytes <= ManagedStorageLimitBytes)
        {
            return new NdArray<T>(new ManagedStorage<T>((int)size, zero), shape, CStrides(shape), 0, ownsStorage: true);
        }

        var storage = new NativeStorage<T>(size, zero: false);
        var array = new NdArray<T>(storage, shape, CStrides(shape), 0, ownsStorage: true);
        if (zero && !storage.IsKnownZero)
        {
            array.Fill(default);
        }

        return array;
    }

    private static void FillArangeTail<T>(NdArray<T> a, long n, T first, T second) where T : unmanaged
    {
        // NumPy's per-type fill functions: start + i*delta in the type's own arithmetic (Half computes in float).
        ref T p = ref a.DangerousGetReferenceInternal();
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half))
        {
            if (typeof(T) == typeof(double))
            {
                double s0 = ScalarCast.ToDouble(first), d = ScalarCast.ToDouble(second) - s0;
                for (long i = 2; i < n; i++)
                {
                    Unsafe.Add(ref p, (nint)i) = ScalarCast.FromDouble<T>(s0 + (i * d));
                }
            }
            else
            {
                float s0 = (float)ScalarCast.ToDouble(first), d = (float)ScalarCast.ToDouble(second) - s0;
                for (long i = 2; i < n; i++)
                {
                    float v = s0 + (i * d);
                    Unsafe.Add(ref p, (nint)i) = typeof(T) == typeof(float) ? Unsafe.As<float, T>(ref v) : ScalarCast.Convert<float, T>(v);
                }
            }

            return;
        }

        // Integers: two's complement arithmetic in 64 bits, then wrapped to T.
        ulong u0 = ScalarCast.ToUInt64(first), du = ScalarCast.ToUInt64(second) - u0;
        for (long i = 2; i < n; i++)
        {
            Unsafe.Add(ref p, (nint)i) = ScalarCast.FromBits<T>(u0 + ((ulong)i * du));
        }
    }
}
