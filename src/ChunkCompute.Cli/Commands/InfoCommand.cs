using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ChunkCompute.IO;
using Spectre.Console;

namespace ChunkCompute.Cli.Commands;

/// <summary><c>chunkcompute info FILE</c>: the header of a <c>.npy</c> file (or of each member of a <c>.npz</c>) without reading the data.</summary>
internal static class InfoCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A .npy file or .npz archive." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("info", "Show the header of a .npy file or of each member of a .npz archive: version, dtype, shape, order, data offset, size.")
        {
            file,
            json,
        };
        command.SetAction((parse, _) =>
        {
            string path = ArrayFile.RequireExisting(parse.GetValue(file)!);
            var rows = Describe(path);
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            }
            else
            {
                Write(console, path, rows);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    internal static List<Dictionary<string, object>> Describe(string path)
    {
        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            return NpzInfo.Describe(path);
        }

        return [ToRow(null, NdArray.ReadHeader(path), new FileInfo(path).Length)];
    }

    internal static Dictionary<string, object> ToRow(string? member, NpyHeader h, long fileBytes)
    {
        var row = new Dictionary<string, object>();
        if (member is not null)
        {
            row["member"] = member;
        }

        row["version"] = $"{h.Version.Major}.{h.Version.Minor}";
        row["dtype"] = h.DType.Name;
        row["descr"] = h.Descr;
        row["byte_order"] = h.DType.ItemSize == 1 ? "not applicable" : h.IsBigEndian ? "big-endian" : "little-endian";
        row["shape"] = h.Shape.ToArray();
        row["order"] = h.FortranOrder ? "F" : "C";
        row["elements"] = h.Size;
        row["item_size"] = h.DType.ItemSize;
        row["data_offset"] = h.DataOffset;
        row["data_bytes"] = h.DataLength;
        row["file_bytes"] = fileBytes;
        return row;
    }

    private static void Write(CliConsole console, string path, List<Dictionary<string, object>> rows)
    {
        foreach (var row in rows)
        {
            string title = row.TryGetValue("member", out object? m) ? $"{Path.GetFileName(path)} : {m}" : Path.GetFileName(path);
            var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape(title)) };
            table.AddColumn("field");
            table.AddColumn("value");
            foreach (var (key, value) in row)
            {
                if (key == "member")
                {
                    continue;
                }

                string text = value switch
                {
                    long[] shape => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")",
                    long l => l.ToString("N0", CultureInfo.InvariantCulture),
                    int i => i.ToString(CultureInfo.InvariantCulture),
                    _ => value.ToString() ?? string.Empty,
                };
                table.AddRow(key.Replace('_', ' '), Markup.Escape(text));
            }

            console.Ansi.Write(table);
        }
    }
}
