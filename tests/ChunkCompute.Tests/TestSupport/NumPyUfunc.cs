namespace ChunkCompute.Tests.TestSupport;

/// <summary>NumPy ufunc names (as the fixture generators write them) mapped to this library's functions.</summary>
internal static class NumPyUfunc
{
    /// <summary>Applies the function NumPy calls <paramref name="op"/>; <paramref name="y"/> is the second operand of binary ones.</summary>
    public static NdArray Apply(string op, NdArray x, NdArray? y = null) => op switch
    {
        "add" => NdArray.Add(x, y!),
        "subtract" => NdArray.Subtract(x, y!),
        "multiply" => NdArray.Multiply(x, y!),
        "divide" => NdArray.Divide(x, y!),
        "floor_divide" => NdArray.FloorDivide(x, y!),
        "remainder" => NdArray.Remainder(x, y!),
        "power" => NdArray.Power(x, y!),
        "maximum" => NdArray.Maximum(x, y!),
        "minimum" => NdArray.Minimum(x, y!),
        "hypot" => NdArray.Hypot(x, y!),
        "equal" => NdArray.Equal(x, y!),
        "not_equal" => NdArray.NotEqual(x, y!),
        "less" => NdArray.Less(x, y!),
        "less_equal" => NdArray.LessEqual(x, y!),
        "greater" => NdArray.Greater(x, y!),
        "greater_equal" => NdArray.GreaterEqual(x, y!),
        "logical_and" => NdArray.LogicalAnd(x, y!),
        "logical_or" => NdArray.LogicalOr(x, y!),
        "logical_xor" => NdArray.LogicalXor(x, y!),
        "bitwise_and" => NdArray.BitwiseAnd(x, y!),
        "bitwise_or" => NdArray.BitwiseOr(x, y!),
        "bitwise_xor" => NdArray.BitwiseXor(x, y!),
        "negative" => NdArray.Negate(x),
        "absolute" => NdArray.Abs(x),
        "sign" => NdArray.Sign(x),
        "sqrt" => NdArray.Sqrt(x),
        "exp" => NdArray.Exp(x),
        "log" => NdArray.Log(x),
        "log2" => NdArray.Log2(x),
        "log10" => NdArray.Log10(x),
        "sin" => NdArray.Sin(x),
        "cos" => NdArray.Cos(x),
        "tan" => NdArray.Tan(x),
        "tanh" => NdArray.Tanh(x),
        "floor" => NdArray.Floor(x),
        "ceil" => NdArray.Ceil(x),
        "round" => NdArray.Round(x),
        "isnan" => NdArray.IsNaN(x),
        "isfinite" => NdArray.IsFinite(x),
        "invert" => NdArray.Invert(x),
        "logical_not" => NdArray.LogicalNot(x),
        _ => throw new ArgumentException(op),
    };
}
