using System.Runtime.CompilerServices;
using ChunkCompute.Storage;

namespace ChunkCompute;

/// <summary>Factories: <c>np.zeros</c>, <c>np.ones</c>, <c>np.full</c>, <c>np.empty</c>, <c>np.arange</c>, <c>np.linspace</c>, from managed arrays.</summary>
public abstract partial class NdArray
{
    /// <summary>
    /// Arrays of at most this many bytes live in managed memory; larger ones in 64-byte aligned native memory with
    /// huge pages (see <see cref="NativeAllocator"/>).
    /// </summary>
    public const long ManagedStorageLimitBytes = 1 << 20;

    /// <summary>An array of <paramref name="shape"/> whose elements are not initialised (NumPy's <c>empty</c>).</summary>
    public static NdArray<T> Empty<T>(params long[] shape) where T : unmanaged => Allocate<T>(shape, zero: false);

    /// <summary>An array of zeros (NumPy's <c>zeros</c>).</summary>
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
    public static NdArray<T> Arange<T>(double stop) where T : unmanaged => Arange<T>(0, stop, 1);

    /// <summary>
    /// Values <c>start + i*step</c> for <c>i</c> in <c>[0, ceil((stop - start) / step))</c>, as NumPy's <c>arange</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is 0 or not finite.</exception>
    public static NdArray<T> Arange<T>(double start, double stop, double step = 1) where T : unmanaged
    {
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
        {
            ThrowHelper.ThrowArgument($"arange needs finite start, stop and a non-zero step (got start={start}, stop={stop}, step={step})", nameof(step));
        }

        long n = (long)Math.Max(0, Math.Ceiling((stop - start) / step));
        var a = Empty<T>(n);
        FillSequence(a, n, i => start + (i * step));
        return a;
    }

    /// <summary>
    /// <paramref name="num"/> evenly spaced values from <paramref name="start"/> to <paramref name="stop"/> (included when
    /// <paramref name="endpoint"/>), computed as NumPy's <c>linspace</c>: <c>start + i*step</c>, the last value exactly <paramref name="stop"/>.
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
        var a = Empty<T>(num);
        FillSequence(a, num, i =>
        {
            if (endpoint && num > 1 && i == num - 1)
            {
                return stop;
            }

            return div > 0 ? (step == 0 ? start + (i / (double)div * delta) : start + (i * step)) : start + (i * delta);
        });
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

        return new NdArray<T>(new ManagedStorage<T>(data), shape, CStrides(shape), 0, ownsStorage: false);
    }

    /// <summary>Copies a rectangular 2-D managed array.</summary>
    public static NdArray<T> FromArray<T>(T[,] data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var a = Empty<T>(data.GetLength(0), data.GetLength(1));
        for (int i = 0; i < data.GetLength(0); i++)
        {
            for (int j = 0; j < data.GetLength(1); j++)
            {
                a[i, j] = data[i, j];
            }
        }

        return a;
    }

    internal static NdArray<T> Allocate<T>(long[] shape, bool zero) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape = (long[])shape.Clone();
        _ = DType.Of<T>();
        long size = Shape.ComputeSize(shape);
        long bytes;
        try
        {
            bytes = checked(size * Unsafe.SizeOf<T>());
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"array is too big: shape {Shape.Format(shape)} needs more than {long.MaxValue} bytes", nameof(shape));
        }

        Storage<T> storage = bytes <= ManagedStorageLimitBytes
            ? new ManagedStorage<T>((int)size, zero)
            : new NativeStorage<T>(size, zero);
        return new NdArray<T>(storage, shape, CStrides(shape), 0, ownsStorage: true);
    }

    private static void FillSequence<T>(NdArray<T> a, long n, Func<long, double> value) where T : unmanaged
    {
        ref T p = ref a.DangerousGetReference();
        for (long i = 0; i < n; i++)
        {
            Unsafe.Add(ref p, (nint)i) = ScalarCast.FromDouble<T>(value(i));
        }
    }
}
