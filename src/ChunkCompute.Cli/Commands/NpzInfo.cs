using System.IO.Compression;
using ChunkCompute.IO;

namespace ChunkCompute.Cli.Commands;

/// <summary>Headers of the members of a <c>.npz</c> archive, read with the library's header parser without inflating the data.</summary>
internal static class NpzInfo
{
    public static List<Dictionary<string, object>> Describe(string path)
    {
        var rows = new List<Dictionary<string, object>>();
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"{path}: not a valid .npz (zip) archive: {ex.Message}", ex);
        }

        using (zip)
        {
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }

                using Stream stream = entry.Open();
                NpyHeader header = NpyFormat.ReadHeader(stream, $"{path}:{entry.FullName}");
                var row = InfoCommand.ToRow(entry.FullName[..^4], header, entry.Length);
                row.Remove("file_bytes");
                row["member_bytes"] = entry.Length;
                row["compressed_bytes"] = entry.CompressedLength;
                row["compression"] = entry.CompressedLength < entry.Length ? "deflate" : "stored";
                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            throw new CliException($"{path}: the archive holds no .npy member");
        }

        return rows;
    }
}
