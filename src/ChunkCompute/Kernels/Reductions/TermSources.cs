using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ChunkCompute.Kernels;

/// <summary>
/// Supplies the terms of a reproducible sum as <see cref="double"/>s: term <c>i</c> alone (<see cref="Get"/>) or
/// terms <c>i .. i+w-1</c> as one vector of width <c>w</c> = 2, 4 or 8. Every width must give the same bits as
/// <see cref="Get"/> lane by lane, which holds because widening float→double is exact and the transforms are
/// lane-wise IEEE operations.
/// </summary>
internal interface ITermSource
{
    double Get(nint i);

    Vector128<double> Get128(nint i);

    Vector256<double> Get256(nint i);

    Vector512<double> Get512(nint i);
}

/// <summary>Terms <c>TX(x[i], m)</c> of a <see cref="double"/> run.</summary>
internal readonly ref struct DoubleTerms<TX>(ref double x, double m) : ITermSource
    where TX : ITermTransform
{
    private readonly ref double _x = ref x;
    private readonly double _m = m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(nint i) => TX.Apply(Unsafe.Add(ref _x, i), _m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Get128(nint i) => TX.Apply(Vector128.LoadUnsafe(ref _x, (nuint)i), Vector128.Create(_m));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Get256(nint i) => TX.Apply(Vector256.LoadUnsafe(ref _x, (nuint)i), Vector256.Create(_m));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Get512(nint i) => TX.Apply(Vector512.LoadUnsafe(ref _x, (nuint)i), Vector512.Create(_m));
}

/// <summary>Terms <c>TX((double)x[i], m)</c> of a <see cref="float"/> run (widening is exact).</summary>
internal readonly ref struct SingleTerms<TX>(ref float x, double m) : ITermSource
    where TX : ITermTransform
{
    private readonly ref float _x = ref x;
    private readonly double _m = m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(nint i) => TX.Apply(Unsafe.Add(ref _x, i), _m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Get128(nint i) => TX.Apply(Vector128.Create((double)Unsafe.Add(ref _x, i), Unsafe.Add(ref _x, i + 1)), Vector128.Create(_m));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Get256(nint i)
    {
        Vector256<double> v = Avx.IsSupported
            ? Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref _x, (nuint)i))
            : Vector256.Create(Vector128.Create((double)Unsafe.Add(ref _x, i), Unsafe.Add(ref _x, i + 1)), Vector128.Create((double)Unsafe.Add(ref _x, i + 2), Unsafe.Add(ref _x, i + 3)));
        return TX.Apply(v, Vector256.Create(_m));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Get512(nint i)
    {
        Vector512<double> v = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref _x, (nuint)i))
            : Vector512.Create(Get256Raw(i), Get256Raw(i + 4));
        return TX.Apply(v, Vector512.Create(_m));
    }

    private Vector256<double> Get256Raw(nint i) => Vector256.Create((double)Unsafe.Add(ref _x, i), Unsafe.Add(ref _x, i + 1), Unsafe.Add(ref _x, i + 2), Unsafe.Add(ref _x, i + 3));
}

/// <summary>Terms <c>TX(ToDouble(x[i]), m)</c> for any element type (Half, integers, bool): scalar conversions.</summary>
internal readonly ref struct ConvertedTerms<T, TX>(ref T x, double m) : ITermSource
    where T : unmanaged
    where TX : ITermTransform
{
    private readonly ref T _x = ref x;
    private readonly double _m = m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(nint i) => TX.Apply(ScalarCast.ToDouble(Unsafe.Add(ref _x, i)), _m);

    public Vector128<double> Get128(nint i) => Vector128.Create(Get(i), Get(i + 1));

    public Vector256<double> Get256(nint i) => Vector256.Create(Get(i), Get(i + 1), Get(i + 2), Get(i + 3));

    public Vector512<double> Get512(nint i) => Vector512.Create(Get(i), Get(i + 1), Get(i + 2), Get(i + 3), Get(i + 4), Get(i + 5), Get(i + 6), Get(i + 7));
}

/// <summary>Terms <c>x[i] * y[i]</c> (rounded product, no FMA) of two <see cref="double"/> runs: the dot product.</summary>
internal readonly ref struct DoubleProductTerms(ref double x, ref double y) : ITermSource
{
    private readonly ref double _x = ref x;
    private readonly ref double _y = ref y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(nint i) => Unsafe.Add(ref _x, i) * Unsafe.Add(ref _y, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Get128(nint i) => Vector128.LoadUnsafe(ref _x, (nuint)i) * Vector128.LoadUnsafe(ref _y, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Get256(nint i) => Vector256.LoadUnsafe(ref _x, (nuint)i) * Vector256.LoadUnsafe(ref _y, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Get512(nint i) => Vector512.LoadUnsafe(ref _x, (nuint)i) * Vector512.LoadUnsafe(ref _y, (nuint)i);
}

/// <summary>Terms <c>(double)x[i] * (double)y[i]</c> of two <see cref="float"/> runs (exact products).</summary>
internal readonly ref struct SingleProductTerms(ref float x, ref float y) : ITermSource
{
    private readonly ref float _x = ref x;
    private readonly ref float _y = ref y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(nint i) => (double)Unsafe.Add(ref _x, i) * Unsafe.Add(ref _y, i);

    public Vector128<double> Get128(nint i) => Vector128.Create(Get(i), Get(i + 1));

    public Vector256<double> Get256(nint i) => Vector256.Create(Get(i), Get(i + 1), Get(i + 2), Get(i + 3));

    public Vector512<double> Get512(nint i) => Vector512.Create(Get(i), Get(i + 1), Get(i + 2), Get(i + 3), Get(i + 4), Get(i + 5), Get(i + 6), Get(i + 7));
}
