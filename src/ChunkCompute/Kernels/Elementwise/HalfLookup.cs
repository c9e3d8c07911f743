using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChunkCompute.Kernels.Elementwise;

/// <summary>
/// A float16 function of one argument by table lookup: float16 has only 65,536 values, so the first call computes
/// <typeparamref name="TKernel"/> (a float64 kernel) on every one of them, rounds each result once to float16, and
/// keeps the 128 KiB table; every call then reads <c>table[bits(x)]</c>.
/// </summary>
/// <remarks>
/// <para><b>Bits.</b> Every finite result is the correctly rounded float16 of the float64 result, which is within
/// 1–2 float64 ULPs of the exact value: the tests check all 65,536 inputs of every function against NumPy's float64
/// result rounded to float16 (and count where NumPy's own float16 loops, which compute in float32 and round, differ:
/// a handful per function). NaN follows NumPy's float16 loops: a NaN input comes back quiet with its sign and payload
/// (<c>0xFC01</c> gives <c>0xFE01</c>); a NaN made from a number (<c>log(-1)</c>, <c>sin(inf)</c>) is the float64
/// kernel's NaN narrowed, <c>0xFE00</c> for NumPy's negative default NaN.</para>
/// <para><b>Why a table.</b> <c>TensorPrimitives</c>' Half transcendentals ran 1.8–3.4× slower than NumPy's float16 at
/// 1M values on two threads (<c>Tanh</c>, through <c>Math.Tanh</c> per element, 61×), spent 2–135 ms per call in
/// tier-0 code for the first calls, and dropped NaN payloads. Widening to float32, a float32 kernel and narrowing again cost 0.4–0.9 ns per
/// value on one thread; a lookup costs about 0.25 ns whatever the function. Building a table is 65,536 float64
/// evaluations; a function's first float16 call in a process, table and compilation together, measured 8–13 ms
/// (after its float64 kernel had run), against 30 ms for any first elementwise call of a process.</para>
/// <para>The table is built on first use of each function, by the type initializer (thread-safe, once per process),
/// and every lookup reads only its own index, so <c>destination</c> may be the input itself (in place).</para>
/// </remarks>
/// <typeparam name="TKernel">The float64 span kernel of the function.</typeparam>
internal static class HalfLookup<TKernel>
    where TKernel : IUnaryKernel<double, double>
{
    private static readonly ushort[] Table = Build();

    /// <summary>Writes the float16 <c>f(x[i])</c> to <c>destination[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke(ReadOnlySpan<Half> x, Span<Half> destination)
    {
        if (x.Length != destination.Length)
        {
            ThrowHelper.ThrowArgument($"span lengths differ: x has {x.Length} elements, destination {destination.Length}", nameof(x));
        }

        ref ushort table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref ushort s = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(x));
        ref ushort d = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(destination));
        nuint n = (nuint)x.Length;
        nuint i = 0;

        // Four independent loads per step (the table is in L2, its hot part in L1). A 256-bit gather measured slower
        // (0.44 against 0.25 ms per 1M values); .NET has no 512-bit gather.
        for (; i + 4 <= n; i += 4)
        {
            ushort a = Unsafe.Add(ref s, i);
            ushort b = Unsafe.Add(ref s, i + 1);
            ushort c = Unsafe.Add(ref s, i + 2);
            ushort e = Unsafe.Add(ref s, i + 3);
            Unsafe.Add(ref d, i) = Unsafe.Add(ref table, a);
            Unsafe.Add(ref d, i + 1) = Unsafe.Add(ref table, b);
            Unsafe.Add(ref d, i + 2) = Unsafe.Add(ref table, c);
            Unsafe.Add(ref d, i + 3) = Unsafe.Add(ref table, e);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref table, Unsafe.Add(ref s, i));
        }
    }

    /// <summary>The function's float16 result for every float16 input, indexed by the input's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once: tier-0 code would make the first call slow
    private static ushort[] Build()
    {
        const int count = 1 << 16;
        double[] inputs = GC.AllocateUninitializedArray<double>(count);
        for (int h = 0; h < count; h++)
        {
            inputs[h] = BitConverter.UInt32BitsToSingle(HalfConversion.ToSingleBits((uint)h)); // exact
        }

        double[] results = GC.AllocateUninitializedArray<double>(count);
        TKernel.Invoke(inputs, results);
        var table = new ushort[count];
        for (int h = 0; h < count; h++)
        {
            table[h] = (h & 0x7FFF) > 0x7C00
                ? (ushort)(h | 0x200) // NaN in: itself, quiet
                : HalfConversion.ToHalfBits(results[h]);
        }

        return table;
    }
}
