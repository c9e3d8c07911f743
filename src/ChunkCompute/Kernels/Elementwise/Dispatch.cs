using System.Numerics;
using ChunkCompute.Execution;

namespace ChunkCompute.Kernels.Elementwise;

// Run-time dtype -> generic instantiation, once per constraint category and arity. Each operation is a tiny struct
// implementing one of these interfaces; the dispatcher converts operands to the chosen dtype (no copy when it
// already matches) and calls the struct's generic Run with the concrete element type.


/// <summary>An operation with 1 operand(s) over the numeric dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface INumericUnaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, INumber<T>;
}


/// <summary>An operation with 2 operand(s) over the numeric dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface INumericBinaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, INumber<T>;
}


/// <summary>An operation with 3 operand(s) over the numeric dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface INumericTernaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, INumber<T>;
}


/// <summary>An operation with 1 operand(s) over the float dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IFloatUnaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IFloatingPointIeee754<T>;
}


/// <summary>An operation with 2 operand(s) over the float dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IFloatBinaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IFloatingPointIeee754<T>;
}


/// <summary>An operation with 3 operand(s) over the float dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IFloatTernaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IFloatingPointIeee754<T>;
}


/// <summary>An operation with 1 operand(s) over the integer dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IIntegerUnaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IBinaryInteger<T>;
}


/// <summary>An operation with 2 operand(s) over the integer dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IIntegerBinaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IBinaryInteger<T>;
}


/// <summary>An operation with 3 operand(s) over the integer dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IIntegerTernaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged, IBinaryInteger<T>;
}


/// <summary>An operation with 1 operand(s) over the any dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IAnyUnaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged;
}


/// <summary>An operation with 2 operand(s) over the any dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IAnyBinaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged;
}


/// <summary>An operation with 3 operand(s) over the any dtypes, called by <see cref="Dispatch"/> with the concrete type.</summary>
internal interface IAnyTernaryOp
{
    /// <summary>Runs the operation on operands of type <typeparamref name="T"/>.</summary>
    static abstract NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
        where T : unmanaged;
}


/// <summary>Switches on a dtype to call an operation struct with the matching element type.</summary>
internal static class Dispatch
{

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray NumericUnary<TOp>(DType dtype, NdArray x, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : INumericUnaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray NumericBinary<TOp>(DType dtype, NdArray x, NdArray y, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : INumericBinaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray NumericTernary<TOp>(DType dtype, NdArray x, NdArray y, NdArray z, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : INumericTernaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), z.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), z.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), z.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), z.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), z.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), z.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), z.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), z.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), z.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), z.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), z.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray FloatUnary<TOp>(DType dtype, NdArray x, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IFloatUnaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray FloatBinary<TOp>(DType dtype, NdArray x, NdArray y, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IFloatBinaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray FloatTernary<TOp>(DType dtype, NdArray x, NdArray y, NdArray z, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IFloatTernaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), z.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), z.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), z.AsType<Half>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray IntegerUnary<TOp>(DType dtype, NdArray x, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IIntegerUnaryOp
        => dtype.Code switch
        {
            3 => TOp.Run(x.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray IntegerBinary<TOp>(DType dtype, NdArray x, NdArray y, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IIntegerBinaryOp
        => dtype.Code switch
        {
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray IntegerTernary<TOp>(DType dtype, NdArray x, NdArray y, NdArray z, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IIntegerTernaryOp
        => dtype.Code switch
        {
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), z.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), z.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), z.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), z.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), z.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), z.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), z.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), z.AsType<byte>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray AnyUnary<TOp>(DType dtype, NdArray x, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IAnyUnaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), output, settings),
            11 => TOp.Run(x.AsType<bool>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray AnyBinary<TOp>(DType dtype, NdArray x, NdArray y, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IAnyBinaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), output, settings),
            11 => TOp.Run(x.AsType<bool>(false), y.AsType<bool>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>Calls <typeparamref name="TOp"/> with every operand converted to <paramref name="dtype"/>.</summary>
    public static NdArray AnyTernary<TOp>(DType dtype, NdArray x, NdArray y, NdArray z, NdArray? output, ExecutionSettings? settings, string name)
        where TOp : IAnyTernaryOp
        => dtype.Code switch
        {
            0 => TOp.Run(x.AsType<double>(false), y.AsType<double>(false), z.AsType<double>(false), output, settings),
            1 => TOp.Run(x.AsType<float>(false), y.AsType<float>(false), z.AsType<float>(false), output, settings),
            2 => TOp.Run(x.AsType<Half>(false), y.AsType<Half>(false), z.AsType<Half>(false), output, settings),
            3 => TOp.Run(x.AsType<long>(false), y.AsType<long>(false), z.AsType<long>(false), output, settings),
            4 => TOp.Run(x.AsType<int>(false), y.AsType<int>(false), z.AsType<int>(false), output, settings),
            5 => TOp.Run(x.AsType<short>(false), y.AsType<short>(false), z.AsType<short>(false), output, settings),
            6 => TOp.Run(x.AsType<sbyte>(false), y.AsType<sbyte>(false), z.AsType<sbyte>(false), output, settings),
            7 => TOp.Run(x.AsType<ulong>(false), y.AsType<ulong>(false), z.AsType<ulong>(false), output, settings),
            8 => TOp.Run(x.AsType<uint>(false), y.AsType<uint>(false), z.AsType<uint>(false), output, settings),
            9 => TOp.Run(x.AsType<ushort>(false), y.AsType<ushort>(false), z.AsType<ushort>(false), output, settings),
            10 => TOp.Run(x.AsType<byte>(false), y.AsType<byte>(false), z.AsType<byte>(false), output, settings),
            11 => TOp.Run(x.AsType<bool>(false), y.AsType<bool>(false), z.AsType<bool>(false), output, settings),
            _ => throw Unsupported(name, dtype),
        };

    /// <summary>NumPy's message for a ufunc without a loop for the dtype.</summary>
    public static ArgumentException Unsupported(string name, DType dtype) =>
        new($"ufunc '{name}' not supported for the input types (dtype {dtype}), and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''");

    /// <summary>
    /// Whether the result must be computed apart and cast into <paramref name="output"/>: false without an
    /// <c>out</c> or when it already has the result dtype; true when NumPy's default <c>casting='same_kind'</c>
    /// allows the cast (<see cref="TypePromotion.CanCastSameKind"/>); otherwise throws NumPy's message.
    /// </summary>
    /// <exception cref="ArgumentException">The result dtype does not cast to the dtype of <paramref name="output"/> within its kind, or the shapes of <paramref name="operands"/> and <paramref name="output"/> do not broadcast to the output's shape (the loop's messages).</exception>
    public static bool CastsIntoOutput(NdArray? output, DType result, string name, params NdArray[] operands)
    {
        if (output is null || output.DType == result)
        {
            return false;
        }

        // The shapes first, with the messages the loop itself gives (the same check), before any work is done.
        _ = Broadcasting.ResultShape(operands.Select(o => o.Shape).ToArray(), output.Shape);

        if (!TypePromotion.CanCastSameKind(result, output.DType))
        {
            ThrowHelper.ThrowArgument(
                SameKindCastMessage(name, result, output.DType)
                + $" (out has dtype {output.DType}, the result dtype is {result}; pass an out whose dtype the result casts to within its kind, e.g. {result})",
                "out");
        }

        return true;
    }

    /// <summary>NumPy's UFuncTypeError text for a result that does not cast to the output's dtype within its kind.</summary>
    public static string SameKindCastMessage(string ufunc, DType result, DType output) =>
        $"Cannot cast ufunc '{ufunc}' output from dtype('{result}') to dtype('{output}') with casting rule 'same_kind'";
}
