using System.Runtime.Intrinsics;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>An elementwise operation <c>T -> T</c>: one scalar form and one form per vector width (used by <see cref="UnaryDriver"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IUnaryOperator<T>
    where T : unmanaged
{
    /// <summary>False when only the scalar form is valid for <typeparamref name="T"/> (the driver then loops scalar).</summary>
    static abstract bool Vectorizable { get; }

    /// <summary>The scalar form.</summary>
    static abstract T Invoke(T x);

    /// <summary>The 128-bit form.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> x);

    /// <summary>The 256-bit form.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x);

    /// <summary>The 512-bit form.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>An elementwise operation <c>(T, T) -> T</c> (used by <see cref="BinaryDriver"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IBinaryOperator<T>
    where T : unmanaged
{
    /// <summary>False when only the scalar form is valid for <typeparamref name="T"/>.</summary>
    static abstract bool Vectorizable { get; }

    /// <summary>The scalar form.</summary>
    static abstract T Invoke(T x, T y);

    /// <summary>The 128-bit form.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    /// <summary>The 256-bit form.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    /// <summary>The 512-bit form.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>An elementwise operation <c>(T, T, T) -> T</c> (used by <see cref="TernaryDriver"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface ITernaryOperator<T>
    where T : unmanaged
{
    /// <summary>False when only the scalar form is valid for <typeparamref name="T"/>.</summary>
    static abstract bool Vectorizable { get; }

    /// <summary>The scalar form.</summary>
    static abstract T Invoke(T x, T y, T z);

    /// <summary>The 128-bit form.</summary>
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y, Vector128<T> z);

    /// <summary>The 256-bit form.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> z);

    /// <summary>The 512-bit form.</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> z);
}

/// <summary>An elementwise operation <c>TIn -> TOut</c> with a scalar form only (predicates, conversions; used by <see cref="UnaryDriver"/>).</summary>
internal interface IScalarUnaryOperator<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    /// <summary>The scalar form.</summary>
    static abstract TOut Invoke(TIn x);
}

/// <summary>An elementwise operation <c>(TIn, TIn) -> TOut</c> with a scalar form only (comparisons; used by <see cref="BinaryDriver"/>).</summary>
internal interface IScalarBinaryOperator<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    /// <summary>The scalar form.</summary>
    static abstract TOut Invoke(TIn x, TIn y);
}
