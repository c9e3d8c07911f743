namespace ChunkCompute.Cli;

/// <summary>A piece of work generic in the element type, chosen at run time from a <see cref="DType"/>.</summary>
internal interface ITypedFunc<out TResult>
{
    TResult Invoke<T>() where T : unmanaged;
}

/// <summary>Runs an <see cref="ITypedFunc{TResult}"/> for the element type of a runtime <see cref="DType"/>.</summary>
internal static class DTypeDispatch
{
    public static TResult Invoke<TResult>(DType dtype, ITypedFunc<TResult> func)
    {
        Type t = dtype.ClrType;
        return t == typeof(double) ? func.Invoke<double>()
            : t == typeof(float) ? func.Invoke<float>()
            : t == typeof(Half) ? func.Invoke<Half>()
            : t == typeof(long) ? func.Invoke<long>()
            : t == typeof(int) ? func.Invoke<int>()
            : t == typeof(short) ? func.Invoke<short>()
            : t == typeof(sbyte) ? func.Invoke<sbyte>()
            : t == typeof(ulong) ? func.Invoke<ulong>()
            : t == typeof(uint) ? func.Invoke<uint>()
            : t == typeof(ushort) ? func.Invoke<ushort>()
            : t == typeof(byte) ? func.Invoke<byte>()
            : t == typeof(bool) ? func.Invoke<bool>()
            : throw new CliException($"unsupported dtype {dtype}");
    }

    /// <summary>Parses a dtype name (<c>float64</c>, <c>f8</c>, <c>&lt;f8</c>, <c>int32</c> …) or fails with the list of names.</summary>
    public static DType ParseDType(string text) =>
        DType.TryParse(text, out var dtype)
            ? dtype
            : throw new CliException($"unknown dtype '{text}'; use one of: {string.Join(", ", DType.All.Select(d => d.Name))}");
}
