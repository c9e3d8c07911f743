using Parquet;
using Parquet.Schema;

namespace ChunkCompute.Cli.Input;

/// <summary>
/// Reads one numeric column of a Parquet file (all row groups) with Parquet.Net. The result keeps the column's own
/// element type (double, float, long, int, short, sbyte, ulong, uint, ushort, byte, bool); a column holding nulls is
/// read as float64 with NaN for each null, as pandas does.
/// </summary>
internal static class ParquetColumnReader
{
    /// <summary>Reads column <paramref name="column"/> (a name, or a 0-based index; default: the first numeric column).</summary>
    public static async Task<(NdArray Values, string ColumnName)> ReadAsync(string path, string? column, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ParquetException or IOException or InvalidDataException or NotSupportedException && ex is not FileNotFoundException)
        {
            throw new CliException($"{path}: not a readable Parquet file ({ex.Message})", ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            DataField[] fields = reader.Schema.GetDataFields();
            DataField field = Resolve(fields, column, path);
            long rows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                rows += group.RowCount;
            }

            if (rows > Array.MaxLength)
            {
                throw new CliException($"{path}: column '{field.Name}' has {rows} rows; convert supports up to {Array.MaxLength}");
            }

            Type type = field.ClrType;
            NdArray result = type switch
            {
                _ when type == typeof(double) => await ReadAsync<double>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(float) => await ReadAsync<float>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(long) => await ReadAsync<long>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(int) => await ReadAsync<int>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(short) => await ReadAsync<short>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(sbyte) => await ReadAsync<sbyte>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(ulong) => await ReadAsync<ulong>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(uint) => await ReadAsync<uint>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(ushort) => await ReadAsync<ushort>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(byte) => await ReadAsync<byte>(reader, field, (int)rows, v => v, cancellationToken).ConfigureAwait(false),
                _ when type == typeof(bool) => await ReadAsync<bool>(reader, field, (int)rows, v => v ? 1 : 0, cancellationToken).ConfigureAwait(false),
                _ => throw new CliException($"{path}: column '{field.Name}' has type {type.Name}, which is not numeric"),
            };
            return (result, field.Name);
        }
    }

    private static DataField Resolve(DataField[] fields, string? column, string path)
    {
        if (column is null)
        {
            return fields.FirstOrDefault(f => IsNumeric(f.ClrType) && !f.IsArray)
                ?? throw new CliException($"{path}: no numeric column; columns: {Describe(fields)}");
        }

        DataField? byName = fields.FirstOrDefault(f => f.Name == column || f.Path.ToString() == column);
        if (byName is not null)
        {
            return byName.IsArray ? throw new CliException($"{path}: column '{column}' is a repeated (list) column, not a flat numeric column") : byName;
        }

        if (int.TryParse(column, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            return index < fields.Length ? fields[index] : throw new CliException($"{path}: column index {index} is out of range: the file has {fields.Length} column(s)");
        }

        throw new CliException($"{path}: no column named '{column}'; columns: {Describe(fields)}");
    }

    private static string Describe(DataField[] fields) => string.Join(", ", fields.Select(f => $"{f.Name} ({TypeName(f.ClrType)})"));

    private static string TypeName(Type t) => t == typeof(ReadOnlyMemory<char>) || t == typeof(string) ? "string" : t == typeof(byte[]) ? "bytes" : t.Name;

    private static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(sbyte)
        || t == typeof(ulong) || t == typeof(uint) || t == typeof(ushort) || t == typeof(byte) || t == typeof(bool);

    private static async Task<NdArray> ReadAsync<T>(ParquetReader reader, DataField field, int rows, Func<T, double> toDouble, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (!field.IsNullable)
        {
            var values = new T[rows];
            int at = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var group = reader.OpenRowGroupReader(g);
                int n = checked((int)group.RowCount);
                await group.ReadAsync<T>(field, values.AsMemory(at, n), null, cancellationToken).ConfigureAwait(false);
                at += n;
            }

            return NdArray.FromArray(values, values.LongLength);
        }

        // Nullable column: read T?[] per row group; keep T when there is no null, else float64 with NaN.
        var nullable = new T?[rows];
        int pos = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            await group.ReadAsync<T>(field, nullable.AsMemory(pos, n), null, cancellationToken).ConfigureAwait(false);
            pos += n;
        }

        if (Array.TrueForAll(nullable, v => v.HasValue))
        {
            var dense = Array.ConvertAll(nullable, v => v!.Value);
            return NdArray.FromArray(dense, dense.LongLength);
        }

        var asDouble = Array.ConvertAll(nullable, v => v.HasValue ? toDouble(v.Value) : double.NaN);
        return NdArray.FromArray(asDouble, asDouble.LongLength);
    }
}
