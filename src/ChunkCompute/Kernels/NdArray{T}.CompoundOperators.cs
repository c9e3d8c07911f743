using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute;

/// <content>
/// C# compound assignments (<c>a += b</c>, <c>a -= 1.0</c>, …) as NumPy's in-place operators: they write into the
/// array on the left, whatever it is a view of (<c>m["1:3"] += 1</c> changes <c>m</c>), and never rebind the variable.
/// Each is the named function with <c>out:</c> set to the left array (<c>a += b</c> is
/// <c>NdArray.Add(a, b, @out: a)</c>), so NumPy's rules for an output hold: the right operand must broadcast to the
/// left array's shape (<c>non-broadcastable output operand with shape (3,) doesn't match the broadcast shape
/// (2,3)</c>), the result must cast to <typeparamref name="T"/> under <c>same_kind</c> (integer <c>/=</c> fails with
/// <c>Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int32') …</c>, as in NumPy), a read-only
/// array fails with <c>output array is read-only</c>, and an operand that overlaps the left array
/// (<c>a["1:"] += a[":-1"]</c>) is read as it was before the call. Deferred expressions built from the array earlier
/// keep the values they were built from.
/// </content>
/// <remarks>
/// C# 14 calls these instance operators for <c>x op= y</c>. Compilers without them (C# 13 and earlier) lower
/// <c>x op= y</c> to <c>x = x op y</c>, a new array bound to <c>x</c>, which leaves views' parents unchanged.
/// </remarks>
public sealed partial class NdArray<T>
{
    /// <summary>In place <c>this += y</c> (<c>NdArray.Add(this, y, @out: this)</c>; bool: logical or).</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator +=(NdArray<T> y) => NdArray.Add(this, y, @out: this);

    /// <summary>In place <c>this += y</c> with a scalar (<c>NdArray.Add(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator +=(T y) => NdArray.Add(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this -= y</c> (<c>NdArray.Subtract(this, y, @out: this)</c>; integers wrap).</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the arrays are bool (NumPy's messages).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator -=(NdArray<T> y) => NdArray.Subtract(this, y, @out: this);

    /// <summary>In place <c>this -= y</c> with a scalar (<c>NdArray.Subtract(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is bool (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator -=(T y) => NdArray.Subtract(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this *= y</c> (<c>NdArray.Multiply(this, y, @out: this)</c>; bool: logical and).</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator *=(NdArray<T> y) => NdArray.Multiply(this, y, @out: this);

    /// <summary>In place <c>this *= y</c> with a scalar (<c>NdArray.Multiply(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator *=(T y) => NdArray.Multiply(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this /= y</c> (<c>NdArray.Divide(this, y, @out: this)</c>): float arrays only, since NumPy's true division of integers gives float64, which does not cast back.</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the array is integer or bool (NumPy's <c>Cannot cast ufunc 'divide' output …</c>).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator /=(NdArray<T> y)
    {
        RequireFloatForTrueDivision();
        NdArray.Divide(this, y, @out: this);
    }

    /// <summary>In place <c>this /= y</c> with a scalar (<c>NdArray.Divide(this, y, @out: this)</c>): float arrays only.</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is integer or bool (NumPy's <c>Cannot cast ufunc 'divide' output …</c>).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator /=(T y)
    {
        RequireFloatForTrueDivision();
        NdArray.Divide(this, NdArray.Scalar(y), @out: this);
    }

    /// <summary>In place <c>this %= y</c> (<c>NdArray.Remainder(this, y, @out: this)</c>: the sign of <paramref name="y"/>, as Python and NumPy).</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the arrays are bool (the int8 remainder does not cast back).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator %=(NdArray<T> y) => NdArray.Remainder(this, y, @out: this);

    /// <summary>In place <c>this %= y</c> with a scalar (<c>NdArray.Remainder(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is bool (the int8 remainder does not cast back).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator %=(T y) => NdArray.Remainder(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this &amp;= y</c> (<c>NdArray.BitwiseAnd(this, y, @out: this)</c>): integer and bool arrays.</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the arrays are float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator &=(NdArray<T> y) => NdArray.BitwiseAnd(this, y, @out: this);

    /// <summary>In place <c>this &amp;= y</c> with a scalar (<c>NdArray.BitwiseAnd(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator &=(T y) => NdArray.BitwiseAnd(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this |= y</c> (<c>NdArray.BitwiseOr(this, y, @out: this)</c>): integer and bool arrays.</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the arrays are float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator |=(NdArray<T> y) => NdArray.BitwiseOr(this, y, @out: this);

    /// <summary>In place <c>this |= y</c> with a scalar (<c>NdArray.BitwiseOr(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator |=(T y) => NdArray.BitwiseOr(this, NdArray.Scalar(y), @out: this);

    /// <summary>In place <c>this ^= y</c> (<c>NdArray.BitwiseXor(this, y, @out: this)</c>): integer and bool arrays.</summary>
    /// <param name="y">Right operand; must broadcast to this array's shape.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not broadcast to this array's shape, or the arrays are float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator ^=(NdArray<T> y) => NdArray.BitwiseXor(this, y, @out: this);

    /// <summary>In place <c>this ^= y</c> with a scalar (<c>NdArray.BitwiseXor(this, y, @out: this)</c>).</summary>
    /// <param name="y">The scalar.</param>
    /// <exception cref="ArgumentException">The array is float (NumPy's message).</exception>
    /// <exception cref="InvalidOperationException">This array is read-only.</exception>
    public void operator ^=(T y) => NdArray.BitwiseXor(this, NdArray.Scalar(y), @out: this);

    /// <summary>NumPy's same_kind error for <c>/=</c> on integer or bool arrays, naming the in-place floor division instead of an <c>out</c> the caller never passed.</summary>
    private void RequireFloatForTrueDivision()
    {
        if (!ScalarCast.IsFloat<T>())
        {
            ThrowHelper.ThrowArgument(
                Dispatch.SameKindCastMessage("divide", DType.Float64, DType)
                + $" (a /= b on a {DType} array: true division gives float64; for a //= b use NdArray.FloorDivide(a, b, @out: a))");
        }
    }
}
