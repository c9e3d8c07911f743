using System.Numerics;
using ChunkCompute.Execution;
using ChunkCompute.Kernels;
using ChunkCompute.Kernels.Elementwise;

namespace ChunkCompute;

/// <summary>
/// Elementwise operations (NumPy ufuncs) with broadcasting, optional <c>out</c>, dtype promotion and threads.
/// </summary>
/// <remarks>
/// <para>Every operation has a typed form (<c>NdArray.Add&lt;T&gt;(NdArray&lt;T&gt;, NdArray&lt;T&gt;)</c>: operands of
/// one element type, result of that type, or bool for comparisons) and an untyped form on <see cref="NdArray"/> that
/// promotes operands as NumPy 1.24 (<see cref="TypePromotion"/>, docs/kernels-promotion.md). Scalars: typed forms take
/// a <c>T</c> on either side; untyped forms take a <see cref="double"/> treated as a weak Python scalar
/// (<see cref="TypePromotion.WeakScalar"/>).</para>
/// <para>Shapes broadcast as NumPy (stride 0, aligned from the right); incompatible shapes throw
/// <see cref="ArgumentException"/> with NumPy's message (<c>operands could not be broadcast together with shapes
/// (3,2) (3,) </c>). <c>out</c> must have the broadcast shape; its dtype is the result dtype, or for the untyped forms
/// any dtype NumPy's default <c>casting='same_kind'</c> allows (the result is computed in its own dtype, then cast:
/// <see cref="TypePromotion.CanCastSameKind"/>). It may be an operand (in place) or overlap one (then the result goes
/// through a temporary first). Without <c>out</c> the result is a new
/// C-contiguous array (native memory when large: dispose it when done).</para>
/// <para>Integers wrap on overflow. Integer division or remainder by zero gives 0 without an exception (NumPy gives
/// 0 with a RuntimeWarning); <c>MinValue // -1</c> wraps to MinValue. Large operations split across threads per
/// <see cref="ExecutionSettings"/> (the <c>settings</c> argument overrides per call); results never depend on it.</para>
/// </remarks>
public abstract partial class NdArray
{
    /// <summary>Elementwise <c>x + y</c> (np.add).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Add<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, AddKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x + y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Add<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Add(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x + y</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Add<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Add(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x - y</c> (np.subtract).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Subtract<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, SubtractKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x - y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Subtract<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Subtract(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x - y</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Subtract<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Subtract(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x * y</c> (np.multiply).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Multiply<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, MultiplyKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x * y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Multiply<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Multiply(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x * y</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Multiply<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Multiply(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> (np.remainder).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Remainder<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, RemainderKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Remainder<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Remainder(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Remainder<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Remainder(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> (np.floor_divide).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> FloorDivide<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, FloorDivideKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> FloorDivide<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => FloorDivide(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> FloorDivide<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => FloorDivide(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> (np.maximum).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Maximum<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, MaximumKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Maximum<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Maximum(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Maximum<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Maximum(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> (np.minimum).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Minimum<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, T, MinimumKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Minimum<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Minimum(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Minimum<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Minimum(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x + y</c> (np.add) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Add(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            if (Dispatch.CastsIntoOutput(@out, dt, "add", x, y))
            {
                return CastInto(Add(x, y, null, settings), @out!, settings);
            }

            return ElementwiseLoop.Binary<bool, bool, bool, BoolOrKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "add", x, y))
        {
            return CastInto(Add(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<AddOp>(dt, x, y, @out, settings, "add");
    }

    /// <summary>Elementwise <c>x + y</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Add(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Add(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x + y</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Add(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Add(WeakScalarArray(y, x), y, @out, settings);

    /// <summary>Elementwise <c>x - y</c> (np.subtract) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Subtract(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            ThrowHelper.ThrowArgument("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "subtract", x, y))
        {
            return CastInto(Subtract(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<SubtractOp>(dt, x, y, @out, settings, "subtract");
    }

    /// <summary>Elementwise <c>x - y</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Subtract(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Subtract(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x - y</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Subtract(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Subtract(WeakScalarArray(y, x), y, @out, settings);

    /// <summary>Elementwise <c>x * y</c> (np.multiply) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Multiply(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            if (Dispatch.CastsIntoOutput(@out, dt, "multiply", x, y))
            {
                return CastInto(Multiply(x, y, null, settings), @out!, settings);
            }

            return ElementwiseLoop.Binary<bool, bool, bool, BoolAndKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "multiply", x, y))
        {
            return CastInto(Multiply(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<MultiplyOp>(dt, x, y, @out, settings, "multiply");
    }

    /// <summary>Elementwise <c>x * y</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Multiply(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Multiply(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x * y</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Multiply(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Multiply(WeakScalarArray(y, x), y, @out, settings);

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> (np.remainder) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Remainder(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            dt = DType.Int8;
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "remainder", x, y))
        {
            return CastInto(Remainder(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<RemainderOp>(dt, x, y, @out, settings, "remainder");
    }

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Remainder(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Remainder(x, WeakScalarArray(x, y, searchLoops: true), @out, settings);

    /// <summary>Elementwise <c>x mod y, with the sign of y (np.remainder, Python %)</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Remainder(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Remainder(WeakScalarArray(y, x, searchLoops: true), y, @out, settings);

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> (np.floor_divide) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray FloorDivide(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            dt = DType.Int8;
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "floor_divide", x, y))
        {
            return CastInto(FloorDivide(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<FloorDivideOp>(dt, x, y, @out, settings, "floor_divide");
    }

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray FloorDivide(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => FloorDivide(x, WeakScalarArray(x, y, searchLoops: true), @out, settings);

    /// <summary>Elementwise <c>floor(x / y) (np.floor_divide, Python //)</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray FloorDivide(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => FloorDivide(WeakScalarArray(y, x, searchLoops: true), y, @out, settings);

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> (np.maximum) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Maximum(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            if (Dispatch.CastsIntoOutput(@out, dt, "maximum", x, y))
            {
                return CastInto(Maximum(x, y, null, settings), @out!, settings);
            }

            return ElementwiseLoop.Binary<bool, bool, bool, BoolOrKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "maximum", x, y))
        {
            return CastInto(Maximum(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<MaximumOp>(dt, x, y, @out, settings, "maximum");
    }

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Maximum(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Maximum(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>the larger of x and y; NaN if either is NaN (np.maximum)</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Maximum(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Maximum(WeakScalarArray(y, x), y, @out, settings);

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> (np.minimum) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Minimum(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            if (Dispatch.CastsIntoOutput(@out, dt, "minimum", x, y))
            {
                return CastInto(Minimum(x, y, null, settings), @out!, settings);
            }

            return ElementwiseLoop.Binary<bool, bool, bool, BoolAndKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "minimum", x, y))
        {
            return CastInto(Minimum(x, y, null, settings), @out!, settings);
        }

        return Dispatch.NumericBinary<MinimumOp>(dt, x, y, @out, settings, "minimum");
    }

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Minimum(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Minimum(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>the smaller of x and y; NaN if either is NaN (np.minimum)</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Minimum(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Minimum(WeakScalarArray(y, x), y, @out, settings);

    /// <summary>Elementwise <c>x / y (true division: integers give float64)</c> (np.divide) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Divide(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.TrueDivide(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "divide", x, y))
        {
            return CastInto(Divide(x, y, null, settings), @out!, settings);
        }

        return Dispatch.FloatBinary<DivideOp>(dt, x, y, @out, settings, "divide");
    }

    /// <summary>Elementwise <c>x / y</c> (true division) with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>): integer arrays give float64; float arrays keep their type unless the value needs a wider one under NumPy 1.24's loop search (<c>float16 / 300</c> is float32, <c>float32 / 70000</c> float64), as NumPy's <c>a / 300</c>.</summary>
    public static NdArray Divide(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Divide(x, WeakScalarArray(x, y, searchLoops: true), @out, settings);

    /// <summary>Elementwise <c>x / y</c> (true division) with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Divide(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Divide(WeakScalarArray(y, x, searchLoops: true), y, @out, settings);

    /// <summary>Elementwise <c>x ** y (integers: y must not be negative)</c> (np.power) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Power(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            dt = DType.Int8;
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "power", x, y))
        {
            return CastInto(Power(x, y, null, settings), @out!, settings);
        }

        if (dt.IsFloatingPoint)
        {
            return Dispatch.FloatBinary<PowerOp>(dt, x, y, @out, settings, "power");
        }

        return Dispatch.IntegerBinary<IntegerPowerOp>(dt, x, y, @out, settings, "power");
    }

    /// <summary>Elementwise <c>x ** y (integers: y must not be negative)</c> with a weak scalar <paramref name="y"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Power(NdArray x, double y, NdArray? @out = null, ExecutionSettings? settings = null) => Power(x, WeakScalarArray(x, y, searchLoops: true), @out, settings);

    /// <summary>Elementwise <c>x ** y (integers: y must not be negative)</c> with a weak scalar <paramref name="x"/> (<see cref="TypePromotion.WeakScalar"/>).</summary>
    public static NdArray Power(double x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Power(WeakScalarArray(y, x, searchLoops: true), y, @out, settings);

    /// <summary>Elementwise <c>sqrt(x^2 + y^2) without intermediate overflow</c> (np.hypot) with NumPy dtype promotion.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The result, of the promoted dtype.</returns>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Hypot(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.FloatFunction(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "hypot", x, y))
        {
            return CastInto(Hypot(x, y, null, settings), @out!, settings);
        }

        return Dispatch.FloatBinary<HypotOp>(dt, x, y, @out, settings, "hypot");
    }

    /// <summary>Elementwise <c>x / y</c> (np.divide) for floating-point arrays (untyped <see cref="Divide(NdArray, NdArray, NdArray?, ExecutionSettings?)"/> promotes integers).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Divide<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Binary<T, T, T, DivideKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x / y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Divide<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Divide(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x / y</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Divide<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Divide(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x ** y</c> (np.power) for floating-point arrays (untyped <see cref="Power(NdArray, NdArray, NdArray?, ExecutionSettings?)"/> promotes integers).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Power<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Binary<T, T, T, PowerKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x ** y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Power<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Power(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x ** y</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Power<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Power(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>sqrt(x^2 + y^2) without intermediate overflow</c> (np.hypot) for floating-point arrays (untyped <see cref="Hypot(NdArray, NdArray, NdArray?, ExecutionSettings?)"/> promotes integers).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Hypot<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Binary<T, T, T, HypotKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>sqrt(x^2 + y^2) without intermediate overflow</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<T> Hypot<T>(NdArray<T> x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Hypot(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>sqrt(x^2 + y^2) without intermediate overflow</c> with a scalar <paramref name="x"/>.</summary>
    public static NdArray<T> Hypot<T>(T x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Hypot(Scalar(x), y, @out, settings);

    /// <summary>Elementwise <c>x == y</c> (np.equal) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> Equal<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, EqualKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x == y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Equal<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Equal(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x == y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> Equal(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<EqualKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<EqualOp>(dt, x, y, @out, settings, "equal");
    }

    /// <summary>Elementwise <c>x == y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Equal(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => Equal(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x != y</c> (np.not_equal) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> NotEqual<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, NotEqualKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x != y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> NotEqual<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => NotEqual(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x != y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> NotEqual(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<NotEqualKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<NotEqualOp>(dt, x, y, @out, settings, "not_equal");
    }

    /// <summary>Elementwise <c>x != y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> NotEqual(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => NotEqual(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x &lt; y</c> (np.less) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> Less<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, LessKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x &lt; y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Less<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Less(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x &lt; y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> Less(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<LessKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<LessOp>(dt, x, y, @out, settings, "less");
    }

    /// <summary>Elementwise <c>x &lt; y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Less(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => Less(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x &lt;= y</c> (np.less_equal) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> LessEqual<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, LessEqualKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x &lt;= y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> LessEqual<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => LessEqual(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x &lt;= y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> LessEqual(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<LessEqualKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<LessEqualOp>(dt, x, y, @out, settings, "less_equal");
    }

    /// <summary>Elementwise <c>x &lt;= y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> LessEqual(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => LessEqual(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x &gt; y</c> (np.greater) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> Greater<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, GreaterKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x &gt; y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Greater<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Greater(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x &gt; y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> Greater(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<GreaterKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<GreaterOp>(dt, x, y, @out, settings, "greater");
    }

    /// <summary>Elementwise <c>x &gt; y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> Greater(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => Greater(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x &gt;= y</c> (np.greater_equal) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> GreaterEqual<T>(NdArray<T> x, NdArray<T> y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Binary<T, T, bool, GreaterEqualKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x &gt;= y</c> with a scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> GreaterEqual<T>(NdArray<T> x, T y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => GreaterEqual(x, Scalar(y), @out, settings);

    /// <summary>Elementwise <c>x &gt;= y</c> after NumPy dtype promotion (bools compare as 0/1).</summary>
    public static NdArray<bool> GreaterEqual(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<GreaterEqualKernel<byte>>>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<GreaterEqualOp>(dt, x, y, @out, settings, "greater_equal");
    }

    /// <summary>Elementwise <c>x &gt;= y</c> with a weak scalar <paramref name="y"/>.</summary>
    public static NdArray<bool> GreaterEqual(NdArray x, double y, NdArray<bool>? @out = null, ExecutionSettings? settings = null) => GreaterEqual(x, WeakScalarArray(x, y), @out, settings);

    /// <summary>Elementwise <c>x != 0 &amp;&amp; y != 0</c> (np.logical_and) for any dtypes, as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> LogicalAnd(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAndKernel>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<LogicalAndOp>(dt, x, y, @out, settings, "logical_and");
    }

    /// <summary>Elementwise <c>x != 0 || y != 0</c> (np.logical_or) for any dtypes, as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> LogicalOr(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolOrKernel>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<LogicalOrOp>(dt, x, y, @out, settings, "logical_or");
    }

    /// <summary>Elementwise <c>(x != 0) ^ (y != 0)</c> (np.logical_xor) for any dtypes, as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> LogicalXor(NdArray x, NdArray y, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolXorKernel>((NdArray<bool>)x, (NdArray<bool>)y, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericBinary<LogicalXorOp>(dt, x, y, @out, settings, "logical_xor");
    }

    /// <summary>Elementwise <c>x == 0</c> (np.logical_not) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> LogicalNot(NdArray x, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Bool)
        {
            return ElementwiseLoop.Unary<bool, bool, BoolNotKernel>((NdArray<bool>)x, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericUnary<LogicalNotOp>(x.DType, x, @out, settings, "logical_not");
    }

    /// <summary>Elementwise <c>x &amp; y</c> (np.bitwise_and) for integer arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> BitwiseAnd<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IBinaryInteger<T>
        => ElementwiseLoop.Binary<T, T, T, BitwiseAndKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x &amp; y</c> (np.bitwise_and) for integer or bool arrays with NumPy promotion.</summary>
    /// <exception cref="ArgumentException">A floating-point operand (NumPy's message), or shapes that cannot be broadcast.</exception>
    public static NdArray BitwiseAnd(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "bitwise_and", x, y))
        {
            return CastInto(BitwiseAnd(x, y, null, settings), @out!, settings);
        }

        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAndKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        return Dispatch.IntegerBinary<BitwiseAndOp>(dt, x, y, @out, settings, "bitwise_and");
    }

    /// <summary>Elementwise <c>x | y</c> (np.bitwise_or) for integer arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> BitwiseOr<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IBinaryInteger<T>
        => ElementwiseLoop.Binary<T, T, T, BitwiseOrKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x | y</c> (np.bitwise_or) for integer or bool arrays with NumPy promotion.</summary>
    /// <exception cref="ArgumentException">A floating-point operand (NumPy's message), or shapes that cannot be broadcast.</exception>
    public static NdArray BitwiseOr(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "bitwise_or", x, y))
        {
            return CastInto(BitwiseOr(x, y, null, settings), @out!, settings);
        }

        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolOrKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        return Dispatch.IntegerBinary<BitwiseOrOp>(dt, x, y, @out, settings, "bitwise_or");
    }

    /// <summary>Elementwise <c>x ^ y</c> (np.bitwise_xor) for integer arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> BitwiseXor<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IBinaryInteger<T>
        => ElementwiseLoop.Binary<T, T, T, BitwiseXorKernel<T>>(x, y, @out, settings);

    /// <summary>Elementwise <c>x ^ y</c> (np.bitwise_xor) for integer or bool arrays with NumPy promotion.</summary>
    /// <exception cref="ArgumentException">A floating-point operand (NumPy's message), or shapes that cannot be broadcast.</exception>
    public static NdArray BitwiseXor(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "bitwise_xor", x, y))
        {
            return CastInto(BitwiseXor(x, y, null, settings), @out!, settings);
        }

        if (dt == DType.Bool)
        {
            return ElementwiseLoop.Binary<bool, bool, bool, BoolXorKernel>((NdArray<bool>)x, (NdArray<bool>)y, (NdArray<bool>?)@out, settings);
        }

        return Dispatch.IntegerBinary<BitwiseXorOp>(dt, x, y, @out, settings, "bitwise_xor");
    }

    /// <summary>Elementwise <c>~x</c> (np.invert) for integer arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Invert<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IBinaryInteger<T>
        => ElementwiseLoop.Unary<T, T, InvertKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>~x</c> (np.invert): bitwise not for integers, logical not for bools.</summary>
    /// <exception cref="ArgumentException">A floating-point operand.</exception>
    public static NdArray Invert(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Dispatch.CastsIntoOutput(@out, x.DType, "invert", x))
        {
            return CastInto(Invert(x, null, settings), @out!, settings);
        }

        if (x.DType == DType.Bool)
        {
            return ElementwiseLoop.Unary<bool, bool, BoolNotKernel>((NdArray<bool>)x, (NdArray<bool>?)@out, settings);
        }

        return Dispatch.IntegerUnary<InvertOp>(x.DType, x, @out, settings, "invert");
    }

    /// <summary>Elementwise <c>-x (integers wrap)</c> (np.negative).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Negate<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Unary<T, T, NegateKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>-x (integers wrap)</c> (np.negative) on an array of any numeric dtype (same dtype out).</summary>
    public static NdArray Negate(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Dispatch.CastsIntoOutput(@out, x.DType, "negative", x))
        {
            return CastInto(Negate(x, null, settings), @out!, settings);
        }

        if (x.DType == DType.Bool)
        {
            ThrowHelper.ThrowArgument("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.");
        }

        return Dispatch.NumericUnary<NegateOp>(x.DType, x, @out, settings, "negative");
    }

    /// <summary>Elementwise <c>|x| (integers wrap: |MinValue| is MinValue)</c> (np.absolute).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Abs<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Unary<T, T, AbsKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>|x| (integers wrap: |MinValue| is MinValue)</c> (np.absolute) on an array of any numeric dtype (same dtype out).</summary>
    public static NdArray Abs(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Dispatch.CastsIntoOutput(@out, x.DType, "absolute", x))
        {
            return CastInto(Abs(x, null, settings), @out!, settings);
        }

        if (x.DType == DType.Bool)
        {
            return ElementwiseLoop.Unary<bool, bool, CopyKernel<bool>>((NdArray<bool>)x, (NdArray<bool>?)@out, settings);
        }

        return Dispatch.NumericUnary<AbsOp>(x.DType, x, @out, settings, "absolute");
    }

    /// <summary>Elementwise <c>sign(x): -1, 0 or 1 (NaN stays NaN)</c> (np.sign).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Sign<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Unary<T, T, SignKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>sign(x): -1, 0 or 1 (NaN stays NaN)</c> (np.sign) on an array of any numeric dtype (same dtype out).</summary>
    public static NdArray Sign(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Dispatch.CastsIntoOutput(@out, x.DType, "sign", x))
        {
            return CastInto(Sign(x, null, settings), @out!, settings);
        }

        return Dispatch.NumericUnary<SignOp>(x.DType, x, @out, settings, "sign");
    }

    /// <summary>Elementwise <c>sqrt(x)</c> (np.sqrt) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Sqrt<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, SqrtKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>sqrt(x)</c> (np.sqrt); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Sqrt(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "sqrt", x))
        {
            return CastInto(Sqrt(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<SqrtOp>(dt, x, @out, settings, "sqrt");
    }

    /// <summary>Elementwise <c>e^x</c> (np.exp) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Exp<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, ExpKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>e^x</c> (np.exp); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Exp(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "exp", x))
        {
            return CastInto(Exp(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<ExpOp>(dt, x, @out, settings, "exp");
    }

    /// <summary>Elementwise <c>ln x</c> (np.log) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Log<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, LogKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>ln x</c> (np.log); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Log(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "log", x))
        {
            return CastInto(Log(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<LogOp>(dt, x, @out, settings, "log");
    }

    /// <summary>Elementwise <c>log2 x</c> (np.log2) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Log2<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, Log2Kernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>log2 x</c> (np.log2); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Log2(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "log2", x))
        {
            return CastInto(Log2(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<Log2Op>(dt, x, @out, settings, "log2");
    }

    /// <summary>Elementwise <c>log10 x</c> (np.log10) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Log10<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, Log10Kernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>log10 x</c> (np.log10); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Log10(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "log10", x))
        {
            return CastInto(Log10(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<Log10Op>(dt, x, @out, settings, "log10");
    }

    /// <summary>Elementwise <c>sin x</c> (np.sin) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Sin<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, SinKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>sin x</c> (np.sin); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Sin(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "sin", x))
        {
            return CastInto(Sin(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<SinOp>(dt, x, @out, settings, "sin");
    }

    /// <summary>Elementwise <c>cos x</c> (np.cos) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Cos<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, CosKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>cos x</c> (np.cos); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Cos(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "cos", x))
        {
            return CastInto(Cos(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<CosOp>(dt, x, @out, settings, "cos");
    }

    /// <summary>Elementwise <c>tan x</c> (np.tan) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Tan<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, TanKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>tan x</c> (np.tan); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Tan(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "tan", x))
        {
            return CastInto(Tan(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<TanOp>(dt, x, @out, settings, "tan");
    }

    /// <summary>Elementwise <c>tanh x</c> (np.tanh) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Tanh<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, TanhKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>tanh x</c> (np.tanh); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Tanh(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "tanh", x))
        {
            return CastInto(Tanh(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<TanhOp>(dt, x, @out, settings, "tanh");
    }

    /// <summary>Elementwise <c>floor(x)</c> (np.floor) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Floor<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, FloorKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>floor(x)</c> (np.floor); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Floor(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "floor", x))
        {
            return CastInto(Floor(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<FloorOp>(dt, x, @out, settings, "floor");
    }

    /// <summary>Elementwise <c>ceil(x)</c> (np.ceil) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Ceil<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, CeilKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>ceil(x)</c> (np.ceil); integer and bool arrays give float16/32/64 by width (<see cref="TypePromotion.FloatFunction(DType)"/>).</summary>
    public static NdArray Ceil(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "ceil", x))
        {
            return CastInto(Ceil(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<CeilOp>(dt, x, @out, settings, "ceil");
    }

    /// <summary>Elementwise <c>x rounded to the nearest integer, ties to even (np.round)</c> (np.round) for floating-point arrays.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Round<T>(NdArray<T> x, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ElementwiseLoop.Unary<T, T, RoundKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>x rounded to the nearest integer, ties to even (np.round)</c> (np.round); integers are returned unchanged, bools as float16.</summary>
    public static NdArray Round(NdArray x, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType.IsInteger)
        {
            if (Dispatch.CastsIntoOutput(@out, x.DType, "round", x))
            {
                return CastInto(Round(x, null, settings), @out!, settings);
            }

            return Dispatch.AnyUnary<CopyOp>(x.DType, x, @out, settings, "round");
        }

        var dt = TypePromotion.FloatFunction(x.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "round", x))
        {
            return CastInto(Round(x, null, settings), @out!, settings);
        }

        return Dispatch.FloatUnary<RoundOp>(dt, x, @out, settings, "round");
    }

    /// <summary>
    /// Elementwise rounding to <paramref name="decimals"/> decimal places, ties to even, as <c>np.round(x, decimals)</c>:
    /// NumPy's own arithmetic, <c>rint(x * 10^d) / 10^d</c> for <c>d &gt; 0</c> and <c>rint(x / 10^-d) * 10^-d</c> for
    /// <c>d &lt; 0</c>, each step rounded to <typeparamref name="T"/> (so <c>round(0.285, 2)</c> is 0.28, because
    /// 0.285 is not exact in binary, and <c>round(2.675, 2)</c> is 2.68, where 2.675 * 100 rounds to 267.5: both as NumPy,
    /// where Python's decimal-exact <c>round</c> gives 0.28 and 2.67).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="decimals">Decimal places (negative: tens, hundreds, ...).</param>
    /// <param name="out">Optional destination (broadcast shape, dtype <typeparamref name="T"/>); may be <paramref name="x"/>.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The rounded values, of type <typeparamref name="T"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="out"/> cannot hold the result (shape).</exception>
    public static NdArray<T> Round<T>(NdArray<T> x, int decimals, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (decimals == 0)
        {
            return Round(x, @out, settings);
        }

        double f = PowerOfTen(Math.Abs((long)decimals));
        if (RoundLoopType(DType.Of<T>(), f) != DType.Of<T>())
        {
            // The factor does not fit T (float32 from 10^39, float16 from 10^5): NumPy's steps run wider.
            var target = @out ?? Empty<T>(x.Shape.ToArray());
            RoundSteps(x, decimals, target, settings);
            return target;
        }

        T factor = T.CreateSaturating(f);
        var y = decimals > 0 ? Multiply(x, factor, @out, settings) : Divide(x, factor, @out, settings);
        Round(y, y, settings);
        return decimals > 0 ? Divide(y, factor, y, settings) : Multiply(y, factor, y, settings);
    }

    /// <summary>
    /// <c>np.round(x, decimals)</c> for any numeric dtype: floats as
    /// <see cref="Round{T}(NdArray{T}, int, NdArray{T}?, ExecutionSettings?)"/>; integers unchanged for
    /// <c>decimals ≥ 0</c>, else computed in float64 and cast back to the integer type (wrapping as NumPy's cast:
    /// int8 127 rounded to tens is 130, stored as -126); bools only with <c>decimals == 0</c> (float16), as NumPy.
    /// With a float <paramref name="out"/> of another dtype the steps run into <paramref name="out"/> as NumPy's do,
    /// so the rounding happens in its precision (int8 127 to tens into float64 is 130; bools work there too).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="decimals">Decimal places (negative: tens, hundreds, ...).</param>
    /// <param name="out">Optional destination (broadcast shape, the result dtype).</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <returns>The rounded values: the input's dtype (float16 for bool).</returns>
    /// <exception cref="ArgumentException">A bool array with <c>decimals != 0</c> (NumPy's casting message), or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray Round(NdArray x, int decimals, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (decimals == 0)
        {
            return Round(x, @out, settings);
        }

        bool integerCopy = x.DType.IsInteger && decimals > 0; // NumPy copies integers for decimals >= 0
        if (@out is not null && @out.DType != x.DType && @out.DType.IsFloatingPoint && !integerCopy)
        {
            _ = Broadcasting.ResultShape([x.Shape], @out.Shape); // the shape error before any work
            return RoundSteps(x, decimals, @out, settings);
        }

        if (x.DType == DType.Bool)
        {
            ThrowHelper.ThrowArgument(Dispatch.SameKindCastMessage(decimals > 0 ? "multiply" : "divide", DType.Float64, DType.Bool), nameof(x));
        }

        if (Dispatch.CastsIntoOutput(@out, x.DType, "round", x))
        {
            return CastInto(Round(x, decimals, null, settings), @out!, settings);
        }

        if (x.DType.IsInteger)
        {
            if (decimals > 0)
            {
                return Dispatch.AnyUnary<CopyOp>(x.DType, x, @out, settings, "round");
            }

            using var asDouble = x.AsType<double>();
            using var rounded = Round(asDouble, decimals, null, settings);
            var cast = rounded.AsType(x.DType);
            if (@out is null)
            {
                return cast;
            }

            using (cast)
            {
                return Dispatch.AnyUnary<CopyOp>(x.DType, cast, @out, settings, "round");
            }
        }

        return x switch
        {
            NdArray<double> d => Round(d, decimals, (NdArray<double>?)@out, settings),
            NdArray<float> f => Round(f, decimals, (NdArray<float>?)@out, settings),
            NdArray<Half> h => Round(h, decimals, (NdArray<Half>?)@out, settings),
            _ => throw Dispatch.Unsupported("round", x.DType),
        };
    }

    /// <summary>
    /// The type NumPy's round computes a step in: the array's float type met with the Python float <c>10^|d|</c>
    /// (float16 below 65000, float32 below 3.4e38, as <c>min_scalar_type</c>), float64 for integers and bools.
    /// </summary>
    private static DType RoundLoopType(DType type, double factor) =>
        !type.IsFloatingPoint || type == DType.Float64 || factor >= 3.4e38 ? DType.Float64
        : type == DType.Float32 || factor >= 65000 ? DType.Float32
        : DType.Float16;

    /// <summary>
    /// NumPy's three steps of <c>np.round(x, decimals, out=output)</c> into a float <paramref name="output"/>: scale
    /// in <paramref name="x"/>'s loop type (<see cref="RoundLoopType"/>) and store, rint in place, unscale in the
    /// output's loop type and store. Used where those loop types are not the output's own (a factor too large for
    /// float32/float16: 1.5f to 39 decimals is inf, not NaN from inf / inf) or the output has another dtype (the
    /// rounding then happens in its precision: int8 127 to tens into float64 is 130, not int8's wrapped -126).
    /// </summary>
    private static NdArray RoundSteps(NdArray x, int decimals, NdArray output, ExecutionSettings? settings)
    {
        double f = PowerOfTen(Math.Abs((long)decimals));
        using var factor = Scalar(f);
        var first = RoundLoopType(x.DType, f);
        using (var wide = x.AsType(first))
        using (var k = factor.AsType(first))
        {
            CastInto(decimals > 0 ? Multiply(wide, k, null, settings) : Divide(wide, k, null, settings), output, settings);
        }

        Round(output, output, settings);
        var second = RoundLoopType(output.DType, f);
        using (var wide = output.AsType(second))
        using (var k = factor.AsType(second))
        {
            CastInto(decimals > 0 ? Divide(wide, k, null, settings) : Multiply(wide, k, null, settings), output, settings);
        }

        return output;
    }

    /// <summary>NumPy's <c>power_of_ten</c>: exact table up to 1e8, then repeated multiplication by 10.</summary>
    private static double PowerOfTen(long n)
    {
        ReadOnlySpan<double> table = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
        if (n < 9)
        {
            return table[(int)n];
        }

        double r = 1e9;
        while (n-- > 9 && !double.IsPositiveInfinity(r))
        {
            r *= 10.0;
        }

        return r;
    }

    /// <summary>Elementwise <c>isnan(x)</c> (np.isnan) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> IsNaN<T>(NdArray<T> x, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumberBase<T>
        => ElementwiseLoop.Unary<T, bool, IsNaNKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>isnan(x)</c> (np.isnan) for any dtype (integers and bools: false).</summary>
    public static NdArray<bool> IsNaN(NdArray x, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Bool)
        {
            var b = (NdArray<bool>)x;
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<NotEqualKernel<byte>>>(b, b, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericUnary<IsNaNOp>(x.DType, x, @out, settings, "isnan");
    }

    /// <summary>Elementwise <c>isfinite(x)</c> (np.isfinite) as a bool array.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<bool> IsFinite<T>(NdArray<T> x, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumberBase<T>
        => ElementwiseLoop.Unary<T, bool, IsFiniteKernel<T>>(x, @out, settings);

    /// <summary>Elementwise <c>isfinite(x)</c> (np.isfinite) for any dtype (integers and bools: true).</summary>
    public static NdArray<bool> IsFinite(NdArray x, NdArray<bool>? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Bool)
        {
            var b = (NdArray<bool>)x;
            return ElementwiseLoop.Binary<bool, bool, bool, BoolAsByte<EqualKernel<byte>>>(b, b, @out, settings);
        }

        return (NdArray<bool>)Dispatch.NumericUnary<IsFiniteOp>(x.DType, x, @out, settings, "isfinite");
    }

    /// <summary>Elementwise <c>minimum(maximum(x, lo), hi)</c> (np.clip); NaN in any operand propagates.</summary>
    /// <param name="x">First operand.</param>
    /// <param name="lo">Lower bound (broadcast).</param>
    /// <param name="hi">Upper bound (broadcast).</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> Clip<T>(NdArray<T> x, NdArray<T> lo, NdArray<T> hi, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Ternary<T, T, T, T, ClipKernel<T>>(x, lo, hi, @out, settings);

    /// <summary>Elementwise <c>minimum(maximum(x, lo), hi)</c> with scalar bounds.</summary>
    public static NdArray<T> Clip<T>(NdArray<T> x, T lo, T hi, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Clip(x, Scalar(lo), Scalar(hi), @out, settings);

    /// <summary>Elementwise <c>minimum(maximum(x, lo), hi)</c> (np.clip) with NumPy dtype promotion.</summary>
    public static NdArray Clip(NdArray x, NdArray lo, NdArray hi, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lo);
        ArgumentNullException.ThrowIfNull(hi);
        var dt = TypePromotion.Promote(x.DType, lo.DType, hi.DType);
        if (dt == DType.Bool)
        {
            // np.clip of bools: minimum(maximum(x, lo), hi), i.e. (x | lo) & hi.
            using var raised = Maximum(x, lo, null, settings);
            return Minimum(raised, hi, @out, settings);
        }

        if (Dispatch.CastsIntoOutput(@out, dt, "clip", x, lo, hi))
        {
            return CastInto(Clip(x, lo, hi, null, settings), @out!, settings);
        }

        return Dispatch.NumericTernary<ClipOp>(dt, x, lo, hi, @out, settings, "clip");
    }

    /// <summary>Elementwise <c>x * y + z</c>, rounded once for floating point (integers wrap).</summary>
    /// <param name="x">First operand.</param>
    /// <param name="y">Second operand.</param>
    /// <param name="z">Addend.</param>
    /// <param name="out">Optional destination: broadcast shape; the result dtype, or (untyped calls) a dtype the result casts to under NumPy's same_kind rule.</param>
    /// <param name="settings">Parallelism for this call (default <see cref="ExecutionSettings.Current"/>).</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast, or <paramref name="out"/> has another shape or a dtype the result does not cast to within its kind.</exception>
    public static NdArray<T> FusedMultiplyAdd<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => ElementwiseLoop.Ternary<T, T, T, T, FusedMultiplyAddKernel<T>>(x, y, z, @out, settings);

    /// <summary>Elementwise <c>x * y + z</c> with NumPy dtype promotion.</summary>
    public static NdArray FusedMultiplyAdd(NdArray x, NdArray y, NdArray z, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(z);
        var dt = TypePromotion.Promote(x.DType, y.DType, z.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "fma", x, y, z))
        {
            return CastInto(FusedMultiplyAdd(x, y, z, null, settings), @out!, settings);
        }

        return Dispatch.NumericTernary<FusedMultiplyAddOp>(dt, x, y, z, @out, settings, "fma");
    }

    /// <summary>Elementwise <c>condition ? x : y</c> (np.where with three arguments), broadcasting all three.</summary>
    /// <param name="condition">Where true, take <paramref name="x"/>.</param>
    /// <param name="x">Values where the condition holds.</param>
    /// <param name="y">Values elsewhere.</param>
    /// <param name="out">Optional destination.</param>
    /// <param name="settings">Parallelism for this call.</param>
    /// <exception cref="ArgumentException">Shapes cannot be broadcast.</exception>
    public static NdArray<T> Where<T>(NdArray<bool> condition, NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged
        => ElementwiseLoop.Ternary<bool, T, T, T, WhereKernel<T>>(condition, x, y, @out, settings);

    /// <summary>Elementwise <c>condition ? x : y</c> with scalar values.</summary>
    public static NdArray<T> Where<T>(NdArray<bool> condition, T x, T y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged
        => Where(condition, Scalar(x), Scalar(y), @out, settings);

    /// <summary>np.where(condition, x, y) for any dtypes: the condition is taken as <c>!= 0</c>, x and y promote.</summary>
    public static NdArray Where(NdArray condition, NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = condition.AsType<bool>(copy: false);
        var dt = TypePromotion.Promote(x.DType, y.DType);
        if (Dispatch.CastsIntoOutput(@out, dt, "where", condition, x, y))
        {
            return CastInto(Where(condition, x, y, null, settings), @out!, settings);
        }

        return dt.Code switch
        {
            0 => Where(c, x.AsType<double>(false), y.AsType<double>(false), (NdArray<double>?)@out, settings),
            1 => Where(c, x.AsType<float>(false), y.AsType<float>(false), (NdArray<float>?)@out, settings),
            2 => Where(c, x.AsType<Half>(false), y.AsType<Half>(false), (NdArray<Half>?)@out, settings),
            3 => Where(c, x.AsType<long>(false), y.AsType<long>(false), (NdArray<long>?)@out, settings),
            4 => Where(c, x.AsType<int>(false), y.AsType<int>(false), (NdArray<int>?)@out, settings),
            5 => Where(c, x.AsType<short>(false), y.AsType<short>(false), (NdArray<short>?)@out, settings),
            6 => Where(c, x.AsType<sbyte>(false), y.AsType<sbyte>(false), (NdArray<sbyte>?)@out, settings),
            7 => Where(c, x.AsType<ulong>(false), y.AsType<ulong>(false), (NdArray<ulong>?)@out, settings),
            8 => Where(c, x.AsType<uint>(false), y.AsType<uint>(false), (NdArray<uint>?)@out, settings),
            9 => Where(c, x.AsType<ushort>(false), y.AsType<ushort>(false), (NdArray<ushort>?)@out, settings),
            10 => Where(c, x.AsType<byte>(false), y.AsType<byte>(false), (NdArray<byte>?)@out, settings),
            11 => Where(c, x.AsType<bool>(false), y.AsType<bool>(false), (NdArray<bool>?)@out, settings),
            _ => throw Dispatch.Unsupported("where", dt),
        };
    }

    /// <summary>Alias of <see cref="Remainder{T}(NdArray{T}, NdArray{T}, NdArray{T}?, ExecutionSettings?)"/> (np.mod).</summary>
    public static NdArray<T> Mod<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? @out = null, ExecutionSettings? settings = null)
        where T : unmanaged, INumber<T>
        => Remainder(x, y, @out, settings);

    /// <summary>Alias of <see cref="Remainder(NdArray, NdArray, NdArray?, ExecutionSettings?)"/> (np.mod).</summary>
    public static NdArray Mod(NdArray x, NdArray y, NdArray? @out = null, ExecutionSettings? settings = null) => Remainder(x, y, @out, settings);

    /// <summary>
    /// Writes <paramref name="result"/> (computed in its own dtype, as NumPy's loop) into <paramref name="output"/>
    /// of another dtype, cast with <see cref="NdArray.AsType(DType)"/>'s rules straight into it and broadcast to its
    /// shape; <paramref name="result"/> is released at once.
    /// </summary>
    private static NdArray CastInto(NdArray result, NdArray output, ExecutionSettings? settings)
    {
        using (result)
        {
            Dispatch.AnyUnary<CastOp>(result.DType, result, output, settings, "copy");
        }

        return output;
    }

    /// <summary>A 0-d array holding <paramref name="value"/> in the weak-scalar dtype for <paramref name="array"/>.</summary>
    private static NdArray WeakScalarArray(NdArray array, double value, bool searchLoops = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        var dt = searchLoops ? TypePromotion.WeakScalarSearchingLoops(array.DType, value) : TypePromotion.WeakScalar(array.DType, value);
        return dt.Code switch
        {
            0 => Scalar(ScalarCast.FromDouble<double>(value)),
            1 => Scalar(ScalarCast.FromDouble<float>(value)),
            2 => Scalar(ScalarCast.FromDouble<Half>(value)),
            3 => Scalar(ScalarCast.FromDouble<long>(value)),
            4 => Scalar(ScalarCast.FromDouble<int>(value)),
            5 => Scalar(ScalarCast.FromDouble<short>(value)),
            6 => Scalar(ScalarCast.FromDouble<sbyte>(value)),
            7 => Scalar(ScalarCast.FromDouble<ulong>(value)),
            8 => Scalar(ScalarCast.FromDouble<uint>(value)),
            9 => Scalar(ScalarCast.FromDouble<ushort>(value)),
            10 => Scalar(ScalarCast.FromDouble<byte>(value)),
            _ => Scalar(value != 0),
        };
    }

    private readonly struct AddOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Add(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct SubtractOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Subtract(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct MultiplyOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Multiply(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct RemainderOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Remainder(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct FloorDivideOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => FloorDivide(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct MaximumOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Maximum(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct MinimumOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Minimum(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct DivideOp : IFloatBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Divide(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct HypotOp : IFloatBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Hypot(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct PowerOp : IFloatBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Power(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct IntegerPowerOp : IIntegerBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IBinaryInteger<T>
            => IntegerPower(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct EqualOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Equal(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct NotEqualOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => NotEqual(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LessOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Less(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LessEqualOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => LessEqual(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct GreaterOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Greater(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct GreaterEqualOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => GreaterEqual(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LogicalAndOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => ElementwiseLoop.Binary<T, T, bool, LogicalAndKernel<T>>(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LogicalOrOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => ElementwiseLoop.Binary<T, T, bool, LogicalOrKernel<T>>(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LogicalXorOp : INumericBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => ElementwiseLoop.Binary<T, T, bool, LogicalXorKernel<T>>(x, y, (NdArray<bool>?)output, settings);
    }

    private readonly struct LogicalNotOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => ElementwiseLoop.Unary<T, bool, LogicalNotKernel<T>>(x, (NdArray<bool>?)output, settings);
    }

    private readonly struct BitwiseAndOp : IIntegerBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IBinaryInteger<T>
            => BitwiseAnd(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct BitwiseOrOp : IIntegerBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IBinaryInteger<T>
            => BitwiseOr(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct BitwiseXorOp : IIntegerBinaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IBinaryInteger<T>
            => BitwiseXor(x, y, (NdArray<T>?)output, settings);
    }

    private readonly struct InvertOp : IIntegerUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IBinaryInteger<T>
            => Invert(x, (NdArray<T>?)output, settings);
    }

    private readonly struct NegateOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Negate(x, (NdArray<T>?)output, settings);
    }

    private readonly struct AbsOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Abs(x, (NdArray<T>?)output, settings);
    }

    private readonly struct SignOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Sign(x, (NdArray<T>?)output, settings);
    }

    private readonly struct SqrtOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Sqrt(x, (NdArray<T>?)output, settings);
    }

    private readonly struct ExpOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Exp(x, (NdArray<T>?)output, settings);
    }

    private readonly struct LogOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Log(x, (NdArray<T>?)output, settings);
    }

    private readonly struct Log2Op : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Log2(x, (NdArray<T>?)output, settings);
    }

    private readonly struct Log10Op : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Log10(x, (NdArray<T>?)output, settings);
    }

    private readonly struct SinOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Sin(x, (NdArray<T>?)output, settings);
    }

    private readonly struct CosOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Cos(x, (NdArray<T>?)output, settings);
    }

    private readonly struct TanOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Tan(x, (NdArray<T>?)output, settings);
    }

    private readonly struct TanhOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Tanh(x, (NdArray<T>?)output, settings);
    }

    private readonly struct FloorOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Floor(x, (NdArray<T>?)output, settings);
    }

    private readonly struct CeilOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Ceil(x, (NdArray<T>?)output, settings);
    }

    private readonly struct RoundOp : IFloatUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, IFloatingPointIeee754<T>
            => Round(x, (NdArray<T>?)output, settings);
    }

    private readonly struct IsNaNOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => IsNaN(x, (NdArray<bool>?)output, settings);
    }

    private readonly struct IsFiniteOp : INumericUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => IsFinite(x, (NdArray<bool>?)output, settings);
    }

    private readonly struct CopyOp : IAnyUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged
            => ElementwiseLoop.Unary<T, T, CopyKernel<T>>(x, (NdArray<T>?)output, settings);
    }

    /// <summary>Casts <c>x</c> into an <c>out</c> of another dtype (required), element for element as <c>astype</c>.</summary>
    private readonly struct CastOp : IAnyUnaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged
            => output!.DType.Code switch
            {
                0 => ElementwiseLoop.Unary<T, double, ConvertKernel<T, double>>(x, (NdArray<double>)output, settings),
                1 => ElementwiseLoop.Unary<T, float, ConvertKernel<T, float>>(x, (NdArray<float>)output, settings),
                2 => ElementwiseLoop.Unary<T, Half, ConvertKernel<T, Half>>(x, (NdArray<Half>)output, settings),
                3 => ElementwiseLoop.Unary<T, long, ConvertKernel<T, long>>(x, (NdArray<long>)output, settings),
                4 => ElementwiseLoop.Unary<T, int, ConvertKernel<T, int>>(x, (NdArray<int>)output, settings),
                5 => ElementwiseLoop.Unary<T, short, ConvertKernel<T, short>>(x, (NdArray<short>)output, settings),
                6 => ElementwiseLoop.Unary<T, sbyte, ConvertKernel<T, sbyte>>(x, (NdArray<sbyte>)output, settings),
                7 => ElementwiseLoop.Unary<T, ulong, ConvertKernel<T, ulong>>(x, (NdArray<ulong>)output, settings),
                8 => ElementwiseLoop.Unary<T, uint, ConvertKernel<T, uint>>(x, (NdArray<uint>)output, settings),
                9 => ElementwiseLoop.Unary<T, ushort, ConvertKernel<T, ushort>>(x, (NdArray<ushort>)output, settings),
                10 => ElementwiseLoop.Unary<T, byte, ConvertKernel<T, byte>>(x, (NdArray<byte>)output, settings),
                _ => ElementwiseLoop.Unary<T, bool, ConvertKernel<T, bool>>(x, (NdArray<bool>)output, settings),
            };
    }

    private readonly struct ClipOp : INumericTernaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => Clip(x, y, z, (NdArray<T>?)output, settings);
    }

    private readonly struct FusedMultiplyAddOp : INumericTernaryOp
    {
        public static NdArray Run<T>(NdArray<T> x, NdArray<T> y, NdArray<T> z, NdArray? output, ExecutionSettings? settings)
            where T : unmanaged, INumber<T>
            => FusedMultiplyAdd(x, y, z, (NdArray<T>?)output, settings);
    }

    /// <summary>
    /// Integer power after checking that no exponent is negative (NumPy raises the same error from its loop, so
    /// an empty result, which runs no loop, raises nothing).
    /// </summary>
    private static NdArray<T> IntegerPower<T>(NdArray<T> x, NdArray<T> y, NdArray<T>? output, ExecutionSettings? settings)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool empty = Broadcasting.TryBroadcastShapes([x.Shape, y.Shape], out var shape) && Array.IndexOf(shape, 0L) >= 0;
        if (T.IsNegative(T.Zero - T.One) && !empty)
        {
            using var negative = Less(y, T.Zero, null, settings);
            if (Array.IndexOf(negative.ToArray(), true) >= 0)
            {
                ThrowHelper.ThrowArgument("Integers to negative integer powers are not allowed.", nameof(y));
            }
        }

        return ElementwiseLoop.Binary<T, T, T, IntegerPowerKernel<T>>(x, y, output, settings);
    }
}
