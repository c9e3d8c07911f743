using System.Globalization;
using System.Text;

namespace ChunkCompute;

/// <summary>Printing like NumPy's <c>repr</c>.</summary>
public sealed partial class NdArray<T>
{
    /// <summary>Arrays with more elements than this are summarised with <c>...</c> (NumPy's <c>threshold</c>).</summary>
    public const int PrintThreshold = 1000;

    private const int EdgeItems = 3;

    /// <summary>
    /// NumPy's <c>repr</c>: <c>array([1., 2., 3.])</c>, nested brackets per axis, values right-aligned to a common width,
    /// summarised with <c>...</c> beyond <see cref="PrintThreshold"/> elements, and <c>dtype=</c> for types NumPy names.
    /// </summary>
    public override string ToString()
    {
        if (IsDisposed)
        {
            return $"array(<disposed>, shape={Shape}, dtype={DType})";
        }

        bool summarise = Size > PrintThreshold;
        var cells = new List<string>();
        CollectCells(summarise, cells);
        int width = 0;
        foreach (string c in cells)
        {
            width = Math.Max(width, c.Length);
        }

        var sb = new StringBuilder("array(");
        bool showDtype = DType != DType.Float64 && DType != DType.Int64 && DType != DType.Bool;
        if (Size == 0)
        {
            // NumPy: array([], dtype=float64) for 1-D, array([], shape=(2, 0), dtype=float64) otherwise.
            sb.Append("[]");
            if (NDim != 1)
            {
                sb.Append($", shape={Shape}");
            }

            return sb.Append($", dtype={DType.Name})").ToString();
        }

        int index = 0;
        if (NDim == 0)
        {
            sb.Append(cells[0]);
        }
        else
        {
            AppendAxis(sb, 0, new long[NDim], summarise, cells, ref index, width, indent: 6);
        }

        if (showDtype)
        {
            sb.Append(", dtype=").Append(DType.Name);
        }

        return sb.Append(')').ToString();
    }

    private void CollectCells(bool summarise, List<string> cells)
    {
        var format = CellFormat.Create(this, summarise);
        foreach (var idx in PrintedIndices(summarise))
        {
            cells.Add(format.Format(this[idx]));
        }
    }

    private IEnumerable<long[]> PrintedIndices(bool summarise)
    {
        if (NDim == 0)
        {
            yield return [];
            yield break;
        }

        var idx = new long[NDim];
        foreach (var i in Recurse(0))
        {
            yield return i;
        }

        IEnumerable<long[]> Recurse(int axis)
        {
            foreach (long i in AxisIndices(axis, summarise))
            {
                idx[axis] = i;
                if (axis == NDim - 1)
                {
                    yield return (long[])idx.Clone();
                }
                else
                {
                    foreach (var r in Recurse(axis + 1))
                    {
                        yield return r;
                    }
                }
            }
        }
    }

    private IEnumerable<long> AxisIndices(int axis, bool summarise)
    {
        long n = _shape[axis];
        if (summarise && n > 2 * EdgeItems)
        {
            for (long i = 0; i < EdgeItems; i++)
            {
                yield return i;
            }

            for (long i = n - EdgeItems; i < n; i++)
            {
                yield return i;
            }
        }
        else
        {
            for (long i = 0; i < n; i++)
            {
                yield return i;
            }
        }
    }

    private void AppendAxis(StringBuilder sb, int axis, long[] idx, bool summarise, List<string> cells, ref int index, int width, int indent)
    {
        sb.Append('[');
        long n = _shape[axis];
        bool cut = summarise && n > 2 * EdgeItems;
        var indices = AxisIndices(axis, summarise).ToArray();
        for (int k = 0; k < indices.Length; k++)
        {
            if (k > 0)
            {
                if (axis == NDim - 1)
                {
                    sb.Append(", ");
                }
                else
                {
                    sb.Append(',').Append('\n', NDim - 1 - axis).Append(' ', indent + axis + 1);
                }
            }

            if (cut && k == EdgeItems)
            {
                if (axis == NDim - 1)
                {
                    sb.Append("..., ");
                }
                else
                {
                    sb.Append("...,").Append('\n', NDim - 1 - axis).Append(' ', indent + axis + 1);
                }
            }

            if (axis == NDim - 1)
            {
                sb.Append(cells[index++].PadLeft(width));
            }
            else
            {
                AppendAxis(sb, axis + 1, idx, summarise, cells, ref index, width, indent);
            }
        }

        sb.Append(']');
    }

    /// <summary>How every printed value of one array is formatted (NumPy picks one style for all values).</summary>
    private sealed class CellFormat
    {
        private readonly bool _scientific;
        private readonly int _digits;

        private CellFormat(bool scientific, int digits)
        {
            _scientific = scientific;
            _digits = digits;
        }

        public static CellFormat Create(NdArray<T> a, bool summarise)
        {
            if (!a.DType.IsFloatingPoint || a.Size == 0)
            {
                return new CellFormat(false, 0);
            }

            double maxAbs = 0, minAbs = double.PositiveInfinity;
            int digits = 0;
            foreach (var idx in a.PrintedIndices(summarise))
            {
                double v = ScalarCast.ToDouble(a[idx]);
                if (!double.IsFinite(v))
                {
                    continue;
                }

                double av = Math.Abs(v);
                maxAbs = Math.Max(maxAbs, av);
                if (av != 0)
                {
                    minAbs = Math.Min(minAbs, av);
                }

                digits = Math.Max(digits, FractionDigits(v, a.DType));
            }

            bool sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != double.PositiveInfinity) || (minAbs != double.PositiveInfinity && maxAbs / minAbs > 1e3 && minAbs < 1e-4);
            return new CellFormat(sci, digits);
        }

        public string Format(T value)
        {
            if (typeof(T) == typeof(bool))
            {
                return ScalarCast.IsNonZero(value) ? "True" : "False";
            }

            if (!ScalarCast.IsFloat<T>())
            {
                return ScalarCast.IsUnsigned<T>()
                    ? ScalarCast.ToUInt64(value).ToString(CultureInfo.InvariantCulture)
                    : ScalarCast.ToInt64(value).ToString(CultureInfo.InvariantCulture);
            }

            double v = ScalarCast.ToDouble(value);
            if (double.IsNaN(v))
            {
                return "nan";
            }

            if (double.IsInfinity(v))
            {
                return v > 0 ? "inf" : "-inf";
            }

            if (_scientific)
            {
                string s = v.ToString("0.########e+00", CultureInfo.InvariantCulture);
                int e = s.IndexOf('e', StringComparison.Ordinal);
                string mantissa = s[..e];
                if (!mantissa.Contains('.', StringComparison.Ordinal))
                {
                    mantissa += ".";
                }

                return mantissa + s[e..];
            }

            string fixedText = Math.Round(v, Math.Min(_digits, 8)).ToString("F" + Math.Min(_digits, 8).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (_digits == 0)
            {
                fixedText += ".";
            }

            return fixedText;
        }

        private static int FractionDigits(double v, DType dtype)
        {
            // Shortest round-trip text of the value at its own precision, capped at NumPy's default precision of 8.
            string r = dtype == DType.Float32 ? ((float)v).ToString("R", CultureInfo.InvariantCulture)
                : dtype == DType.Float16 ? ((Half)v).ToString(CultureInfo.InvariantCulture)
                : v.ToString("R", CultureInfo.InvariantCulture);
            if (r.Contains('E', StringComparison.Ordinal))
            {
                return 8;
            }

            int dot = r.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? 0 : Math.Min(8, r.Length - dot - 1);
        }
    }
}
