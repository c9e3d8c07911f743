using System.Globalization;

namespace ChunkCompute.Cli;

/// <summary>Parses element counts written like <c>50000000</c>, <c>50_000_000</c>, <c>50M</c>, <c>1.5G</c>, <c>1e9</c>, <c>64k</c>.</summary>
internal static class CountParser
{
    public static bool TryParse(string text, out long value)
    {
        value = 0;
        string s = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return false;
        }

        double multiplier = char.ToUpperInvariant(s[^1]) switch
        {
            'K' => 1e3,
            'M' => 1e6,
            'G' or 'B' => 1e9,
            'T' => 1e12,
            _ => 1,
        };
        if (multiplier != 1)
        {
            s = s[..^1];
        }

        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long whole) && multiplier == 1)
        {
            value = whole;
            return true;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return false;
        }

        double total = d * multiplier;
        if (total < 0 || total > long.MaxValue || total != Math.Floor(total))
        {
            return false;
        }

        value = (long)total;
        return true;
    }
}
