using ChunkCompute.IO;
using ChunkCompute.Storage;

namespace ChunkCompute.Cli;

/// <summary>Opens a <c>.npy</c> file of any dtype for reading: memory-mapped when possible (little-endian), else loaded.</summary>
internal static class ArrayFile
{
    /// <summary>Checks the path names an existing file (one clear error otherwise).</summary>
    public static string RequireExisting(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a directory, not a .npy file");
        }

        if (!File.Exists(path) && path.StartsWith('-'))
        {
            throw new CliException($"unrecognized option '{path}'");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"file not found: {path}");
        }

        return path;
    }

    /// <summary>Opens <paramref name="path"/> read-only; the caller disposes the array (which unmaps the file).</summary>
    public static NdArray Open(string path, out NpyHeader header)
    {
        RequireExisting(path);
        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"{path} is an .npz archive; this command takes one .npy array (see 'chunkcompute info {path}' for its members)");
        }

        header = NdArray.ReadHeader(path);
        return header.IsBigEndian ? NdArray.Load(path) : DTypeDispatch.Invoke(header.DType, new OpenMappedFunc(path));
    }

    private sealed class OpenMappedFunc(string path) : ITypedFunc<NdArray>
    {
        public NdArray Invoke<T>() where T : unmanaged => NdArray.OpenMapped<T>(path, MapMode.Read);
    }
}
