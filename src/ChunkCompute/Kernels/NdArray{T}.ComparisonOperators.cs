namespace ChunkCompute;

/// <content>
/// C# comparison operators <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>: elementwise NumPy comparisons with
/// broadcasting on two arrays or an array and a scalar of the same element type, returning a new bool array (as
/// <see cref="NdArray.Less(NdArray, NdArray, NdArray{bool}?, Execution.ExecutionSettings?)"/> and its siblings: any
/// comparison with NaN is false; bools compare as 0 and 1).
/// </content>
/// <remarks>
/// <c>==</c> and <c>!=</c> are deliberately not overloaded: <see cref="NdArray{T}"/> is a reference type and code
/// (collections, <c>is null</c> patterns, caches) relies on <c>==</c> meaning reference equality. Use
/// <see cref="NdArray.Equal(NdArray, NdArray, NdArray{bool}?, Execution.ExecutionSettings?)"/> and
/// <see cref="NdArray.NotEqual(NdArray, NdArray, NdArray{bool}?, Execution.ExecutionSettings?)"/> for elementwise
/// equality, and <see cref="NdArray{T}.ArrayEquals(NdArray{T}, bool)"/> for whole-array equality.
/// </remarks>
public sealed partial class NdArray<T>
{
    /// <summary>Elementwise <c>x &lt; y</c> (np.less).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<bool> operator <(NdArray<T> x, NdArray<T> y) => NdArray.Less(x, y);

    /// <summary>Elementwise <c>x &lt; y</c> with a scalar right operand.</summary>
    public static NdArray<bool> operator <(NdArray<T> x, T y) => NdArray.Less(x, NdArray.Scalar(y));

    /// <summary>Elementwise <c>x &lt; y</c> with a scalar left operand.</summary>
    public static NdArray<bool> operator <(T x, NdArray<T> y) => NdArray.Less(NdArray.Scalar(x), y);

    /// <summary>Elementwise <c>x &gt; y</c> (np.greater).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<bool> operator >(NdArray<T> x, NdArray<T> y) => NdArray.Greater(x, y);

    /// <summary>Elementwise <c>x &gt; y</c> with a scalar right operand.</summary>
    public static NdArray<bool> operator >(NdArray<T> x, T y) => NdArray.Greater(x, NdArray.Scalar(y));

    /// <summary>Elementwise <c>x &gt; y</c> with a scalar left operand.</summary>
    public static NdArray<bool> operator >(T x, NdArray<T> y) => NdArray.Greater(NdArray.Scalar(x), y);

    /// <summary>Elementwise <c>x &lt;= y</c> (np.less_equal).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<bool> operator <=(NdArray<T> x, NdArray<T> y) => NdArray.LessEqual(x, y);

    /// <summary>Elementwise <c>x &lt;= y</c> with a scalar right operand.</summary>
    public static NdArray<bool> operator <=(NdArray<T> x, T y) => NdArray.LessEqual(x, NdArray.Scalar(y));

    /// <summary>Elementwise <c>x &lt;= y</c> with a scalar left operand.</summary>
    public static NdArray<bool> operator <=(T x, NdArray<T> y) => NdArray.LessEqual(NdArray.Scalar(x), y);

    /// <summary>Elementwise <c>x &gt;= y</c> (np.greater_equal).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<bool> operator >=(NdArray<T> x, NdArray<T> y) => NdArray.GreaterEqual(x, y);

    /// <summary>Elementwise <c>x &gt;= y</c> with a scalar right operand.</summary>
    public static NdArray<bool> operator >=(NdArray<T> x, T y) => NdArray.GreaterEqual(x, NdArray.Scalar(y));

    /// <summary>Elementwise <c>x &gt;= y</c> with a scalar left operand.</summary>
    public static NdArray<bool> operator >=(T x, NdArray<T> y) => NdArray.GreaterEqual(NdArray.Scalar(x), y);
}
