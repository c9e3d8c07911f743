using System.Diagnostics.CodeAnalysis;

namespace ChunkCompute;

/// <summary>Throws from out-of-line methods so that hot methods stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string message, string? paramName = null) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? actual, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actual, message);

    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(long index, int axis, long length) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"index {index} is out of bounds for axis {axis} with size {length}");

    [DoesNotReturn]
    public static void ThrowAxisOutOfRange(int axis, int ndim) =>
        throw new AxisOutOfRangeException(axis, ndim);

    [DoesNotReturn]
    public static void ThrowObjectDisposed(string what) => throw new ObjectDisposedException(what, $"The {what} has been disposed; views and chunks of a disposed array cannot be used.");

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void ThrowNotContiguous(string operation) =>
        throw new InvalidOperationException($"{operation} needs a contiguous array; call AsContiguous() first.");
}

/// <summary>An axis argument is outside <c>[-ndim, ndim)</c>, as NumPy's <c>AxisError</c>.</summary>
public sealed class AxisOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for <paramref name="axis"/> on an array of <paramref name="ndim"/> dimensions.</summary>
    public AxisOutOfRangeException(int axis, int ndim)
        : base(nameof(axis), axis, $"axis {axis} is out of bounds for array of dimension {ndim}")
    {
        Axis = axis;
        NDim = ndim;
    }

    /// <summary>The axis given.</summary>
    public int Axis { get; }

    /// <summary>The number of dimensions of the array.</summary>
    public int NDim { get; }
}
