namespace ChunkCompute.Kernels;

/// <summary>
/// A kernel's input in C order: the array itself when it is C-contiguous, otherwise a private C-contiguous copy
/// (<see cref="NdArray{T}.AsContiguous"/>), which <see cref="Dispose"/> frees; the input itself is never disposed.
/// </summary>
/// <remarks>
/// A copy is made on the caller's thread, so a deferred input behind it is computed there. An input used in place
/// is not read here: the kernel computes a deferred one (<c>DangerousGetReferenceForRead</c>) at its own point,
/// after its argument checks, so those keep their order.
/// </remarks>
internal readonly ref struct ContiguousInput<T>
    where T : unmanaged
{
    private readonly bool _copied;

    public ContiguousInput(NdArray<T> input)
    {
        Value = input.AsContiguous();
        _copied = !ReferenceEquals(Value, input);
    }

    /// <summary>The input, or its C-contiguous copy.</summary>
    public NdArray<T> Value { get; }

    /// <summary>Disposes the copy, if one was made.</summary>
    public void Dispose()
    {
        if (_copied)
        {
            Value.Dispose();
        }
    }
}
