using System.Numerics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// Runs a <c>TensorPrimitives</c> unary operation so that every element goes through its vector code, never its
/// scalar loop, so an element's bits do not depend on the length of the span it arrives in.
/// </summary>
/// <remarks>
/// <c>TensorPrimitives</c> computes spans shorter than one 128-bit vector (fewer than 4 floats or 2 doubles) with the
/// scalar <c>T.Log2</c> and the like, which for float <c>Log2</c>/<c>Log10</c> is the C runtime's and can differ
/// by an ULP from the vector code; longer spans, including their remainders (an overlapping last vector), run
/// vector code. The N-D walk hands kernels runs of any length (a strided or broadcast operand's inner run, one
/// element of a single-element array), so a short span is copied into a buffer of <see cref="MinLength"/> elements
/// padded with ones and computed there.
/// </remarks>
internal static class VectorOnly
{
    /// <summary>Padded length: one 512-bit vector of float (longer than any span <c>TensorPrimitives</c> computes with scalar code).</summary>
    public const int MinLength = 16;

    /// <summary>A <c>TensorPrimitives</c>-shaped unary operation.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="x">Input.</param>
    /// <param name="destination">Output, as long as the input.</param>
    public delegate void SpanOperation<T>(ReadOnlySpan<T> x, Span<T> destination);

    /// <summary><paramref name="operation"/> on <paramref name="x"/>, through a padded buffer when the span is short.</summary>
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination, SpanOperation<T> operation)
        where T : unmanaged, INumberBase<T>
    {
        if (x.Length == 0 || x.Length >= MinLength)
        {
            operation(x, destination);
            return;
        }

        Span<T> buffer = stackalloc T[MinLength];
        buffer.Fill(T.One);
        x.CopyTo(buffer);
        operation(buffer, buffer);
        buffer[..x.Length].CopyTo(destination);
    }
}
