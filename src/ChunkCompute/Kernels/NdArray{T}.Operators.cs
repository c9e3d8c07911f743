using ChunkCompute.Kernels;
using ChunkCompute.Kernels.Expressions;

namespace ChunkCompute;

/// <content>
/// C# operators: elementwise NumPy operations with broadcasting, on two arrays or an array and a scalar of the same
/// element type. The result keeps <typeparamref name="T"/> (bool: <c>+</c> is or, <c>*</c> and); operations whose
/// NumPy result type differs (<c>/</c> on integers gives float64, <c>%</c> on bools int8) throw
/// <see cref="InvalidOperationException"/>: call the untyped <c>NdArray.Divide(x, y)</c>, which returns
/// <see cref="NdArray"/>. Bitwise operators need integer or bool arrays. Results are new arrays; the compound
/// assignments (<c>a += b</c>, …) write into <c>a</c> in place, as NumPy's do (NdArray{T}.CompoundOperators.cs).
/// <para><b>Fused expressions.</b> On float and double arrays, <c>+ - * /</c> (array or scalar operands) and unary
/// <c>-</c> return a <i>deferred</i> result (<see cref="NdArray.IsDeferred"/>) when it has at least 32,768 elements,
/// every array operand is C-contiguous with exactly the result's shape, and no operand's memory was handed out raw
/// (<see cref="AsSpan"/>, <see cref="TryGetSpan"/>, <see cref="AsMemory"/>, <see cref="DangerousGetReference"/>,
/// <see cref="NdArray.Wrap{T}(T[], long[])"/>, memory maps). The whole expression is then computed in one pass over
/// cache-sized blocks when first used: on element access, by a reduction, or fused into a named function such as
/// <c>NdArray.Sqrt(a*a + b*b)</c>, which writes its output straight from the inputs. Results are bit-identical to
/// the eager ones (the same kernels, no FMA contraction), and NumPy's eager semantics hold: an input written or
/// disposed after the expression was built is read before it changes. Errors (shapes, dtypes) are raised at operator
/// time. Anything else (broadcasting, strided views, integers, small arrays) is computed eagerly; the named
/// functions (<c>NdArray.Add(x, y)</c>, …) are always eager, and <see cref="NdArray.Evaluate"/> forces a deferred result.</para>
/// </content>
public sealed partial class NdArray<T>
{
    /// <summary>Elementwise <c>x + y</c> (<see cref="NdArray.Add(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator +(NdArray<T> x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Add, x, y) ?? Same(NdArray.Add(x, y), "+");
    }

    /// <summary>Elementwise <c>x + y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator +(NdArray<T> x, T y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Add, x, y) ?? Same(NdArray.Add(x, NdArray.Scalar(y)), "+");
    }

    /// <summary>Elementwise <c>x + y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator +(T x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Add, x, y) ?? Same(NdArray.Add(NdArray.Scalar(x), y), "+");
    }

    /// <summary>Elementwise <c>x - y</c> (<see cref="NdArray.Subtract(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator -(NdArray<T> x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Subtract, x, y) ?? Same(NdArray.Subtract(x, y), "-");
    }

    /// <summary>Elementwise <c>x - y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator -(NdArray<T> x, T y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Subtract, x, y) ?? Same(NdArray.Subtract(x, NdArray.Scalar(y)), "-");
    }

    /// <summary>Elementwise <c>x - y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator -(T x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Subtract, x, y) ?? Same(NdArray.Subtract(NdArray.Scalar(x), y), "-");
    }

    /// <summary>Elementwise <c>x * y</c> (<see cref="NdArray.Multiply(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator *(NdArray<T> x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Multiply, x, y) ?? Same(NdArray.Multiply(x, y), "*");
    }

    /// <summary>Elementwise <c>x * y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator *(NdArray<T> x, T y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Multiply, x, y) ?? Same(NdArray.Multiply(x, NdArray.Scalar(y)), "*");
    }

    /// <summary>Elementwise <c>x * y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator *(T x, NdArray<T> y)
    {
        return DeferredExpressions.Binary(ExpressionOperator.Multiply, x, y) ?? Same(NdArray.Multiply(NdArray.Scalar(x), y), "*");
    }

    /// <summary>Elementwise <c>x / y</c> (<see cref="NdArray.Divide(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator /(NdArray<T> x, NdArray<T> y)
    {
        NdArray<T>.RequireFloat("/");
        return DeferredExpressions.Binary(ExpressionOperator.Divide, x, y) ?? Same(NdArray.Divide(x, y), "/");
    }

    /// <summary>Elementwise <c>x / y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator /(NdArray<T> x, T y)
    {
        NdArray<T>.RequireFloat("/");
        return DeferredExpressions.Binary(ExpressionOperator.Divide, x, y) ?? Same(NdArray.Divide(x, NdArray.Scalar(y)), "/");
    }

    /// <summary>Elementwise <c>x / y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator /(T x, NdArray<T> y)
    {
        NdArray<T>.RequireFloat("/");
        return DeferredExpressions.Binary(ExpressionOperator.Divide, x, y) ?? Same(NdArray.Divide(NdArray.Scalar(x), y), "/");
    }

    /// <summary>Elementwise <c>x mod y (sign of y, as Python/NumPy %)</c> (<see cref="NdArray.Remainder(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator %(NdArray<T> x, NdArray<T> y)
    {
        return Same(NdArray.Remainder(x, y), "%");
    }

    /// <summary>Elementwise <c>x mod y (sign of y, as Python/NumPy %)</c> with a scalar right operand.</summary>
    public static NdArray<T> operator %(NdArray<T> x, T y)
    {
        return Same(NdArray.Remainder(x, NdArray.Scalar(y)), "%");
    }

    /// <summary>Elementwise <c>x mod y (sign of y, as Python/NumPy %)</c> with a scalar left operand.</summary>
    public static NdArray<T> operator %(T x, NdArray<T> y)
    {
        return Same(NdArray.Remainder(NdArray.Scalar(x), y), "%");
    }

    /// <summary>Elementwise <c>x &amp; y</c> (<see cref="NdArray.BitwiseAnd(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator &(NdArray<T> x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseAnd(x, y), "&");
    }

    /// <summary>Elementwise <c>x &amp; y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator &(NdArray<T> x, T y)
    {
        return Same(NdArray.BitwiseAnd(x, NdArray.Scalar(y)), "&");
    }

    /// <summary>Elementwise <c>x &amp; y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator &(T x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseAnd(NdArray.Scalar(x), y), "&");
    }

    /// <summary>Elementwise <c>x | y</c> (<see cref="NdArray.BitwiseOr(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator |(NdArray<T> x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseOr(x, y), "|");
    }

    /// <summary>Elementwise <c>x | y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator |(NdArray<T> x, T y)
    {
        return Same(NdArray.BitwiseOr(x, NdArray.Scalar(y)), "|");
    }

    /// <summary>Elementwise <c>x | y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator |(T x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseOr(NdArray.Scalar(x), y), "|");
    }

    /// <summary>Elementwise <c>x ^ y</c> (<see cref="NdArray.BitwiseXor(NdArray, NdArray, NdArray?, Execution.ExecutionSettings?)"/>).</summary>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast (NumPy's message).</exception>
    public static NdArray<T> operator ^(NdArray<T> x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseXor(x, y), "^");
    }

    /// <summary>Elementwise <c>x ^ y</c> with a scalar right operand.</summary>
    public static NdArray<T> operator ^(NdArray<T> x, T y)
    {
        return Same(NdArray.BitwiseXor(x, NdArray.Scalar(y)), "^");
    }

    /// <summary>Elementwise <c>x ^ y</c> with a scalar left operand.</summary>
    public static NdArray<T> operator ^(T x, NdArray<T> y)
    {
        return Same(NdArray.BitwiseXor(NdArray.Scalar(x), y), "^");
    }

    /// <summary>Elementwise <c>-x</c> (integers wrap).</summary>
    public static NdArray<T> operator -(NdArray<T> x) => DeferredExpressions.Negate(x) ?? Same(NdArray.Negate(x), "-");

    /// <summary>Elementwise <c>~x</c>: bitwise not for integers, logical not for bools.</summary>
    public static NdArray<T> operator ~(NdArray<T> x) => Same(NdArray.Invert(x), "~");

    private static void RequireFloat(string op)
    {
        if (!ScalarCast.IsFloat<T>())
        {
            ThrowHelper.ThrowInvalidOperation($"operator {op} on NdArray<{typeof(T).Name}> would give float64 (NumPy true division); use NdArray.Divide(x, y), which returns NdArray, or NdArray.FloorDivide");
        }
    }

    private static NdArray<T> Same(NdArray result, string op)
    {
        if (result is NdArray<T> typed)
        {
            return typed;
        }

        result.Dispose();
        ThrowHelper.ThrowInvalidOperation($"operator {op} on NdArray<{typeof(T).Name}> gives dtype {result.DType} under NumPy promotion; use the untyped NdArray method, which returns NdArray");
        return null!;
    }
}
