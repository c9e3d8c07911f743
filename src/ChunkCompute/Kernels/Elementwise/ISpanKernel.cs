namespace ChunkCompute.Kernels.Elementwise;

/// <summary>A 1-D span kernel <c>TIn -> TOut</c> the N-D loop (<see cref="ElementwiseLoop"/>) calls on dense runs.</summary>
internal interface IUnaryKernel<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    /// <summary>Writes <c>f(x[i])</c> to <c>destination[i]</c>; the spans have equal length and do not partially overlap.</summary>
    static abstract void Invoke(ReadOnlySpan<TIn> x, Span<TOut> destination);
}

/// <summary>A 1-D span kernel <c>(T1, T2) -> TOut</c>.</summary>
internal interface IBinaryKernel<T1, T2, TOut>
    where T1 : unmanaged
    where T2 : unmanaged
    where TOut : unmanaged
{
    /// <summary>Writes <c>f(x[i], y[i])</c> to <c>destination[i]</c>.</summary>
    static abstract void Invoke(ReadOnlySpan<T1> x, ReadOnlySpan<T2> y, Span<TOut> destination);
}

/// <summary>A 1-D span kernel <c>(T1, T2, T3) -> TOut</c>.</summary>
internal interface ITernaryKernel<T1, T2, T3, TOut>
    where T1 : unmanaged
    where T2 : unmanaged
    where T3 : unmanaged
    where TOut : unmanaged
{
    /// <summary>Writes <c>f(x[i], y[i], z[i])</c> to <c>destination[i]</c>.</summary>
    static abstract void Invoke(ReadOnlySpan<T1> x, ReadOnlySpan<T2> y, ReadOnlySpan<T3> z, Span<TOut> destination);
}

/// <summary>Runs a unary kernel through the ternary loop (the extra operands are absent and never read).</summary>
internal readonly struct UnaryAsTernary<TIn, TOut, TK> : ITernaryKernel<TIn, byte, byte, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
    where TK : IUnaryKernel<TIn, TOut>
{
    public static void Invoke(ReadOnlySpan<TIn> x, ReadOnlySpan<byte> y, ReadOnlySpan<byte> z, Span<TOut> destination) => TK.Invoke(x, destination);
}

/// <summary>Runs a binary kernel through the ternary loop.</summary>
internal readonly struct BinaryAsTernary<T1, T2, TOut, TK> : ITernaryKernel<T1, T2, byte, TOut>
    where T1 : unmanaged
    where T2 : unmanaged
    where TOut : unmanaged
    where TK : IBinaryKernel<T1, T2, TOut>
{
    public static void Invoke(ReadOnlySpan<T1> x, ReadOnlySpan<T2> y, ReadOnlySpan<byte> z, Span<TOut> destination) => TK.Invoke(x, y, destination);
}
