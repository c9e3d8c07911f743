using System.Globalization;

namespace ChunkCompute.Cli.Input;

/// <summary>
/// Reads one numeric column of a delimited text file (CSV/TSV) as float64, streaming line by line.
/// Empty cells and <c>NA</c>/<c>NaN</c>/<c>null</c> become NaN; anything else that is not a number is an error naming
/// the line, the column and the text. Quoted fields (RFC 4180, including doubled quotes and line breaks) are supported.
/// </summary>
internal static class CsvColumnReader
{
    private static readonly string[] MissingMarkers = ["", "na", "nan", "null", "none", "n/a"];

    /// <summary>Reads column <paramref name="column"/> (a header name, or a 0-based index) of <paramref name="path"/>.</summary>
    /// <returns>The values and the resolved column name.</returns>
    public static async Task<(double[] Values, string ColumnName)> ReadAsync(
        string path, string? column, char delimiter, bool hasHeader, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var values = new List<double>();
        int columnIndex = -1;
        string columnName = string.Empty;
        long lineNumber = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // A quoted field may hold line breaks (RFC 4180): an odd number of quotes so far means the record goes on.
            long recordLine = lineNumber;
            int quotes = line.Count(c => c == '"');
            while (quotes % 2 == 1 && await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } more)
            {
                lineNumber++;
                line += "\n" + more;
                quotes += more.Count(c => c == '"');
            }

            List<string> fields = Split(line, delimiter, path, recordLine);
            if (columnIndex < 0)
            {
                (columnIndex, columnName) = ResolveColumn(fields, column, hasHeader, path);
                if (hasHeader)
                {
                    continue;
                }
            }

            if (columnIndex >= fields.Count)
            {
                throw new CliException($"{path}:{lineNumber}: has {fields.Count} field(s), column '{columnName}' is field {columnIndex + 1}");
            }

            values.Add(ParseCell(fields[columnIndex], path, lineNumber, columnName));
        }

        if (columnIndex < 0)
        {
            throw new CliException($"{path}: the file is empty (no header and no rows)");
        }

        return (values.ToArray(), columnName);
    }

    private static (int Index, string Name) ResolveColumn(List<string> firstRow, string? column, bool hasHeader, string path)
    {
        if (column is null)
        {
            // Default: the first column whose header does not look like a date/label, i.e. the first one we can parse
            // on this row when there is no header, else the first column named in the header that is not "date".
            if (!hasHeader)
            {
                return (0, "0");
            }

            for (int i = 0; i < firstRow.Count; i++)
            {
                string name = firstRow[i].Trim();
                if (!name.Equals("date", StringComparison.OrdinalIgnoreCase) && !name.Equals("time", StringComparison.OrdinalIgnoreCase))
                {
                    return (i, name);
                }
            }

            return (0, firstRow[0].Trim());
        }

        if (hasHeader)
        {
            for (int i = 0; i < firstRow.Count; i++)
            {
                if (firstRow[i].Trim().Equals(column, StringComparison.Ordinal))
                {
                    return (i, column);
                }
            }
        }

        if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index >= firstRow.Count)
            {
                throw new CliException($"{path}: column index {index} is out of range: the first row has {firstRow.Count} field(s)");
            }

            return (index, hasHeader ? firstRow[index].Trim() : column);
        }

        string available = hasHeader ? string.Join(", ", firstRow.Select(f => f.Trim())) : "(no header: use a 0-based index)";
        throw new CliException($"{path}: no column named '{column}'; columns: {available}");
    }

    private static double ParseCell(string cell, string path, long lineNumber, string columnName)
    {
        string text = cell.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        // What np.savetxt writes for infinities (and np.loadtxt reads): inf, -inf, +inf, any case.
        ReadOnlySpan<char> magnitude = text;
        bool negative = magnitude.StartsWith("-");
        if (negative || magnitude.StartsWith("+"))
        {
            magnitude = magnitude[1..];
        }

        if (magnitude.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        foreach (string marker in MissingMarkers)
        {
            if (text.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return double.NaN;
            }
        }

        throw new CliException($"{path}:{lineNumber}: column '{columnName}' holds '{Truncate(text)}', which is not a number");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");

    /// <summary>Splits one line into fields, honouring double quotes.</summary>
    private static List<string> Split(string line, char delimiter, string path, long lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new CliException($"{path}:{lineNumber}: unterminated quoted field");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
