using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChunkCompute.Cli.Input;

namespace ChunkCompute.Cli.Commands;

/// <summary>
/// <c>chunkcompute convert IN OUT</c>: one numeric column of a CSV/TSV or Parquet file to a 1-D <c>.npy</c> array,
/// so users can bring their own data. The output is written atomically (a failure leaves no file).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Argument<string>("IN") { Description = "A .csv, .tsv, .txt or .parquet file." };
        var output = new Argument<string>("OUT") { Description = "The .npy file to write." };
        var column = new Option<string?>("--column", "-c") { Description = "Column name or 0-based index (default: the first numeric column; for CSV the first column not named date/time)." };
        var dtype = new Option<string?>("--dtype") { Description = "Output dtype (default: float64 for CSV; the column's own type for Parquet, float64 when it has nulls)." };
        var delimiter = new Option<string?>("--delimiter", "-d") { Description = "CSV field separator (default ',' or tab for .tsv)." };
        var noHeader = new Option<bool>("--no-header") { Description = "The CSV file has no header row." };
        var format = new Option<string?>("--format") { Description = "Input format: csv or parquet (default: from the extension)." };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite OUT if it exists." };
        var command = new Command("convert", "Convert one numeric column of a CSV or Parquet file to .npy.")
        {
            input, output, column, dtype, delimiter, noHeader, format, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            string inPath = ArrayFile.RequireExisting(parse.GetValue(input)!);
            string outPath = parse.GetValue(output)!;
            string kind = parse.GetValue(format) ?? (inPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || inPath.EndsWith(".parq", StringComparison.OrdinalIgnoreCase) ? "parquet" : "csv");
            var watch = Stopwatch.StartNew();
            NdArray values;
            string columnName;
            if (kind == "parquet")
            {
                (values, columnName) = await ParquetColumnReader.ReadAsync(inPath, parse.GetValue(column), ct).ConfigureAwait(false);
            }
            else
            {
                string? sep = parse.GetValue(delimiter);
                char separator = sep switch
                {
                    null => inPath.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',',
                    "\\t" or "tab" => '\t',
                    { Length: 1 } => sep[0],
                    _ => throw new CliException($"--delimiter must be one character (or 'tab'), got '{sep}'"),
                };
                (double[] data, columnName) = await CsvColumnReader.ReadAsync(inPath, parse.GetValue(column), separator, !parse.GetValue(noHeader), ct).ConfigureAwait(false);
                values = NdArray.FromArray(data, data.LongLength);
            }

            using (values)
            {
                NdArray result = values;
                string? dtypeText = parse.GetValue(dtype);
                if (dtypeText is not null)
                {
                    DType target = DTypeDispatch.ParseDType(dtypeText);
                    result = target == values.DType ? values : values.AsType(target);
                }

                try
                {
                    ct.ThrowIfCancellationRequested();
                    using var file = new OutputFile(outPath, parse.GetValue(force));
                    NdArray.Save(file.TempPath, result);
                    file.Commit();
                }
                finally
                {
                    if (!ReferenceEquals(result, values))
                    {
                        result.Dispose();
                    }
                }

                await console.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"wrote {outPath}: column '{columnName}' of {Path.GetFileName(inPath)} -> {result.Size:N0} x {result.DType} in {watch.Elapsed.TotalMilliseconds:0} ms")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
