using System.Globalization;
using System.Text;
using ChunkCompute;

namespace ChunkCompute.Tests.TestSupport;

/// <summary>
/// Array assertions for every test fixture (NumPy's <c>assert_array_equal</c> / <c>assert_allclose</c>): on failure the
/// message names the shapes or the first differing index with both values and the number of mismatches.
/// </summary>
public static class NdAssert
{
    /// <summary>Same shape and equal elements (NaN equals NaN unless <paramref name="equalNan"/> is false; +0 equals -0).</summary>
    public static void AreEqual<T>(NdArray<T> expected, NdArray<T> actual, bool equalNan = true, string? message = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Check(expected, actual, (x, y) => x.Equals(y) || (equalNan && IsNaN(x) && IsNaN(y)) || (IsFloat<T>() && ToDouble(x) == ToDouble(y)), "equal", message);
    }

    /// <summary>Same shape and bit-identical elements (distinguishes -0.0 from 0.0 and NaN payloads).</summary>
    public static void AreBitwiseEqual<T>(NdArray<T> expected, NdArray<T> actual, string? message = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Check(expected, actual, (x, y) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref x)).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref y))), "bitwise equal", message);
    }

    /// <summary>Same shape as a managed array of <paramref name="expected"/> values in C order.</summary>
    public static void AreEqual<T>(T[] expected, NdArray<T> actual, string? message = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        AreEqual(NdArray.Wrap(expected, actual.Size == expected.LongLength ? actual.Shape.ToArray() : [expected.LongLength]), actual, true, message);
    }

    /// <summary>
    /// NumPy's <c>assert_allclose</c>: same shape and <c>|actual - expected| &lt;= atol + rtol * |expected|</c> everywhere;
    /// infinities must match exactly; NaNs match when <paramref name="equalNan"/>.
    /// </summary>
    public static void AllClose<T>(NdArray<T> expected, NdArray<T> actual, double rtol = 1e-7, double atol = 0, bool equalNan = true, string? message = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Check(expected, actual, (x, y) =>
        {
            double e = ToDouble(x), a = ToDouble(y);
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                return equalNan && double.IsNaN(e) && double.IsNaN(a);
            }

            if (double.IsInfinity(e) || double.IsInfinity(a))
            {
                return e == a;
            }

            return Math.Abs(a - e) <= atol + (rtol * Math.Abs(e));
        }, $"close (rtol={rtol.ToString(CultureInfo.InvariantCulture)}, atol={atol.ToString(CultureInfo.InvariantCulture)})", message);
    }

    private static void Check<T>(NdArray<T> expected, NdArray<T> actual, Func<T, T, bool> same, string what, string? message)
        where T : unmanaged
    {
        if (expected.Shape != actual.Shape)
        {
            Assert.Fail($"{message}{(message is null ? "" : ": ")}shapes differ: expected {expected.Shape}, actual {actual.Shape}");
        }

        T[] e = expected.ToArray(), a = actual.ToArray();
        long mismatches = 0;
        long first = -1;
        for (long i = 0; i < e.LongLength; i++)
        {
            if (!same(e[i], a[i]))
            {
                mismatches++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        if (mismatches > 0)
        {
            var sb = new StringBuilder();
            if (message is not null)
            {
                sb.Append(message).Append(": ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"arrays are not {what}: {mismatches} of {e.LongLength} elements differ; first at index {FormatIndex(first, expected.Shape)}: expected {Format(e[first])}, actual {Format(a[first])}");
            Assert.Fail(sb.ToString());
        }
    }

    private static string FormatIndex(long flat, Shape shape)
    {
        var idx = new long[shape.Rank];
        for (int d = shape.Rank - 1; d >= 0; d--)
        {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }

        return "(" + string.Join(", ", idx) + ")";
    }

    private static string Format<T>(T value) where T : unmanaged =>
        value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

    private static bool IsFloat<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half);

    private static bool IsNaN<T>(T x) where T : unmanaged => IsFloat<T>() && double.IsNaN(ToDouble(x));

    private static double ToDouble<T>(T x) where T : unmanaged => x switch
    {
        double d => d,
        float f => f,
        Half h => (double)h,
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        ulong u => u,
        uint u => u,
        ushort u => u,
        byte b => b,
        bool b => b ? 1 : 0,
        _ => throw new NotSupportedException(typeof(T).Name),
    };
}
