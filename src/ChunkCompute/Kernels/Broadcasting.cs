using System.Text;

namespace ChunkCompute.Kernels;

/// <summary>
/// NumPy broadcasting: shapes are aligned from the right; an axis of length 1 (or a missing leading axis) stretches
/// to the other operands' length by a stride of 0. Incompatible shapes fail with NumPy's exact message,
/// <c>operands could not be broadcast together with shapes (3,2) (3,) </c>.
/// </summary>
public static class Broadcasting
{
    /// <summary>The broadcast shape of <paramref name="shapes"/>.</summary>
    /// <exception cref="ArgumentException">The shapes are incompatible (NumPy's message, listing every shape).</exception>
    public static long[] BroadcastShapes(params Shape[] shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (!TryBroadcastShapes(shapes, out long[] result))
        {
            ThrowHelper.ThrowArgument(IncompatibleMessage(shapes), nameof(shapes));
        }

        return result;
    }

    /// <summary>Tries to broadcast <paramref name="shapes"/>; false when they are incompatible.</summary>
    public static bool TryBroadcastShapes(ReadOnlySpan<Shape> shapes, out long[] result)
    {
        int rank = 0;
        foreach (var s in shapes)
        {
            rank = Math.Max(rank, s.Rank);
        }

        result = new long[rank];
        result.AsSpan().Fill(1);
        foreach (var s in shapes)
        {
            var dims = s.AsSpan();
            for (int i = 0; i < dims.Length; i++)
            {
                int r = rank - dims.Length + i;
                long d = dims[i];
                if (d == 1)
                {
                    continue;
                }

                if (result[r] == 1)
                {
                    result[r] = d;
                }
                else if (result[r] != d)
                {
                    result = [];
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Strides (in elements) that view an array of <paramref name="shape"/>/<paramref name="strides"/> as
    /// <paramref name="target"/>: 0 on stretched and missing axes. The shapes must be compatible.
    /// </summary>
    public static long[] BroadcastStrides(ReadOnlySpan<long> shape, ReadOnlySpan<long> strides, ReadOnlySpan<long> target)
    {
        var result = new long[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            result[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }

        return result;
    }

    /// <summary>A read-only view of <paramref name="array"/> broadcast to <paramref name="shape"/> (as <c>np.broadcast_to</c>).</summary>
    /// <exception cref="ArgumentException">The array cannot be broadcast to the shape.</exception>
    public static NdArray<T> BroadcastTo<T>(NdArray<T> array, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(shape);
        if (!TryBroadcastShapes([array.Shape, new Shape(shape)], out long[] b) || !b.AsSpan().SequenceEqual(shape) || shape.Length < array.NDim)
        {
            ThrowHelper.ThrowArgument($"operands could not be broadcast together with remapped shapes [original->remapped]: {Compact(array.Shape.AsSpan())}  and requested shape {Compact(shape)}", nameof(shape));
        }

        var strides = BroadcastStrides(array.Shape.AsSpan(), array.Strides, shape);
        return new NdArray<T>(array.Storage, (long[])shape.Clone(), strides, array.Offset, ownsStorage: false, writeable: false);
    }

    /// <summary>
    /// The shape an elementwise operation over <paramref name="operands"/> produces, checked against the shape of its
    /// <c>out</c> array when there is one (<paramref name="output"/>), with NumPy's messages.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes (the output's included) do not broadcast together, or the output's shape is not the broadcast shape.</exception>
    internal static long[] ResultShape(ReadOnlySpan<Shape> operands, Shape? output)
    {
        ReadOnlySpan<Shape> shapes = output is { } o ? [.. operands, o] : operands;
        if (!TryBroadcastShapes(shapes, out long[] shape))
        {
            ThrowHelper.ThrowArgument(IncompatibleMessage(shapes));
        }

        if (output is { } outShape && !outShape.AsSpan().SequenceEqual(shape))
        {
            ThrowHelper.ThrowArgument($"non-broadcastable output operand with shape {Compact(outShape.AsSpan())} doesn't match the broadcast shape {Compact(shape)}");
        }

        return shape;
    }

    /// <summary>NumPy's message for incompatible operands: shapes in compact form, each followed by a space.</summary>
    internal static string IncompatibleMessage(ReadOnlySpan<Shape> shapes)
    {
        var sb = new StringBuilder("operands could not be broadcast together with shapes ");
        foreach (var s in shapes)
        {
            sb.Append(Compact(s.AsSpan())).Append(' ');
        }

        return sb.ToString();
    }

    /// <summary>A shape as NumPy prints it inside error messages: <c>(3,2)</c>, <c>(3,)</c>, <c>()</c>.</summary>
    internal static string Compact(ReadOnlySpan<long> dims) => dims.Length switch
    {
        0 => "()",
        1 => $"({dims[0]},)",
        _ => "(" + string.Join(",", dims.ToArray()) + ")",
    };
}
