using System.Numerics;
using System.Runtime.CompilerServices;
using ChunkCompute.Storage;

namespace ChunkCompute.Kernels.LinearAlgebra;

/// <summary>
/// One matrix product <c>C (m × n) = A (m × k) · B (k × n)</c> per batch entry, as the matmul driver describes it to
/// the blocked loops: operands by reference + element strides (any sign, 0 for broadcast), C dense row-major.
/// </summary>
internal readonly struct GemmProblem<T>(
    NdArray<T> a,
    NdArray<T> b,
    NdArray<T> c,
    long m,
    long n,
    long k,
    long rowStrideA,
    long colStrideA,
    long rowStrideB,
    long colStrideB,
    long[] batchShape,
    long[] batchStridesA,
    long[] batchStridesB)
    where T : unmanaged
{
    public NdArray<T> A => a;

    public NdArray<T> B => b;

    public NdArray<T> C => c;

    public long M => m;

    public long N => n;

    public long K => k;

    public long RowStrideA => rowStrideA;

    public long ColStrideA => colStrideA;

    public long RowStrideB => rowStrideB;

    public long ColStrideB => colStrideB;

    /// <summary>Element offsets of A's and B's matrices for flat batch index <paramref name="batch"/> (C-order over <c>batchShape</c>).</summary>
    public (long A, long B) BatchOffsets(long batch)
    {
        long oa = 0, ob = 0;
        for (int d = batchShape.Length - 1; d >= 0; d--)
        {
            long len = batchShape[d];
            long i = batch % len;
            batch /= len;
            oa += i * batchStridesA[d];
            ob += i * batchStridesB[d];
        }

        return (oa, ob);
    }
}

/// <summary>
/// The cache-blocked loops around a micro-kernel (the BLIS/GotoBLAS scheme), for one thread's share of the work.
/// </summary>
/// <remarks>
/// <para>Loop nest for one batch entry and a range of row groups (MR rows each) and columns:</para>
/// <code>
/// for jc in column strips of NC            B̃ = B[pc:pc+KC, jc:jc+NC] packed, ≤ 512 KiB: stays in this core's L2
///   for pc in k-panels of KC (ascending)
///     pack B̃ as NR-wide micro-panels: panel q holds rows p = 0..kc-1 of columns q·NR .. q·NR+NR-1 (zero-padded)
///     for each row group i (MR rows)         Ã = A[i:i+MR, pc:pc+KC] (MR·KC ≤ 12 KiB): stays in L1; read in place
///                                            when its rows are contiguous, else packed as kc steps of MR values
///       for each micro-panel q of B̃
///         C[i:i+MR, jc+q·NR : +NR] = (pc == 0 ? 0 : C) + Ã · B̃_q     (micro-kernel, tile in registers)
/// </code>
/// <para>Every C element is therefore accumulated over p = 0..k-1 in increasing order — k-panels run in ascending
/// order and continue from the stored tile — whatever the blocking, the thread split or the kernel width. Tiles at
/// the right or bottom edge run on a scratch tile (packed operands are zero-padded) and only their valid part is
/// copied in and out, so the micro-kernel never reads or writes outside C.</para>
/// <para>Work units are (batch, column part, row group), in that order; a thread gets a contiguous range of units
/// (<see cref="RunUnits"/>), so its C tiles are disjoint from every other thread's and it packs only the B strips it
/// uses. Column parts split the columns when there are too few row groups to keep every thread busy.</para>
/// </remarks>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    /// <summary>Depth of a k-panel in bytes (256 float64): Ã = MR·KC elements (12 KiB for float64) stays in the 48 KiB L1d.</summary>
    private const int KPanelBytes = 2048;

    /// <summary>Bytes of a packed B̃ block (KC × NC): half of the 1 MiB L2, leaving room for C tiles and Ã.</summary>
    private const int PackedBBytes = 512 * 1024;

    /// <summary>Depth of a k-panel in elements.</summary>
    public static int KC => KPanelBytes / Unsafe.SizeOf<T>();

    /// <summary>Width of a column strip in elements (a whole number of micro-panels).</summary>
    public static int NC => Math.Max(TKernel.NR, PackedBBytes / KPanelBytes / TKernel.NR * TKernel.NR);

    /// <summary>
    /// Processes units <c>[start, end)</c> of <paramref name="problem"/>, where a unit is one row group of one column
    /// part of one batch entry (<paramref name="columnParts"/> parts of whole micro-panels, split as <c>array_split</c>).
    /// </summary>
    public static void RunUnits(in GemmProblem<T> problem, int columnParts, long start, long end)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        long rowGroups = ((problem.M - 1) / mr) + 1;
        long panels = ((problem.N - 1) / nr) + 1;
        int kc = (int)Math.Min(KC, problem.K);
        int nc = (int)Math.Min(NC, panels * nr);
        long packedBElements = (long)kc * nc;
        long packedABytes = (long)mr * kc * sizeof(T);
        long tileBytes = (long)mr * nr * sizeof(T);
        byte* buffer = (byte*)NativeAllocator.Allocate((packedBElements * sizeof(T)) + packedABytes + tileBytes);
        try
        {
            T* packedB = (T*)buffer;
            T* packedA = (T*)(buffer + (packedBElements * sizeof(T)));
            T* tile = (T*)(buffer + (packedBElements * sizeof(T)) + packedABytes);
            long unitsPerPart = rowGroups;
            long unitsPerBatch = unitsPerPart * columnParts;
            long u = start;
            while (u < end)
            {
                long batch = u / unitsPerBatch;
                long inBatch = u - (batch * unitsPerBatch);
                int part = (int)(inBatch / unitsPerPart);
                long g0 = inBatch - ((long)part * unitsPerPart);
                long g1 = Math.Min(unitsPerPart, g0 + (end - u));
                long firstPanel = panels * part / columnParts;
                long endPanel = panels * (part + 1) / columnParts;
                long j0 = firstPanel * nr;
                long j1 = Math.Min(problem.N, endPanel * nr);
                if (j1 > j0)
                {
                    Segment(problem, batch, j0, j1, g0, g1, packedB, packedA, tile);
                }

                u += g1 - g0;
            }
        }
        finally
        {
            NativeAllocator.Free(buffer, (packedBElements * sizeof(T)) + packedABytes + tileBytes);
        }
    }

    /// <summary>Columns <c>[j0, j1)</c> of row groups <c>[g0, g1)</c> of batch entry <paramref name="batch"/>.</summary>
    private static void Segment(in GemmProblem<T> pr, long batch, long j0, long j1, long g0, long g1, T* packedB, T* packedA, T* tile)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        var (offA, offB) = pr.BatchOffsets(batch);
        ref T a0 = ref Unsafe.Add(ref pr.A.DangerousGetReferenceForRead(), (nint)offA);
        ref T b0 = ref Unsafe.Add(ref pr.B.DangerousGetReferenceForRead(), (nint)offB);
        ref T c0 = ref Unsafe.Add(ref pr.C.DangerousGetReferenceInternal(), (nint)(batch * pr.M * pr.N));
        nint rsA = (nint)pr.RowStrideA, csA = (nint)pr.ColStrideA, rsB = (nint)pr.RowStrideB, csB = (nint)pr.ColStrideB;
        nint ldc = (nint)pr.N;
        long k = pr.K;
        for (long jc = j0; jc < j1; jc += NC)
        {
            int nc = (int)Math.Min(NC, j1 - jc);
            for (long pc = 0; pc < k; pc += KC)
            {
                int kc = (int)Math.Min(KC, k - pc);
                bool first = pc == 0;
                PackB(ref Unsafe.Add(ref b0, (nint)((pc * rsB) + (jc * csB))), rsB, csB, kc, nc, packedB);
                for (long g = g0; g < g1; g++)
                {
                    long i = g * mr;
                    int rows = (int)Math.Min(mr, pr.M - i);
                    ref T aPanel = ref Unsafe.Add(ref a0, (nint)((i * rsA) + (pc * csA)));
                    nint rsa = rsA, csa = 1;
                    if (csA != 1 || rows < mr)
                    {
                        // Rows of A that are not contiguous, or a bottom edge: pack (zero-padded). A full group of
                        // contiguous rows is read in place: MR rows of kc elements stay in L1 like a packed panel.
                        PackA(ref aPanel, rsA, csA, rows, kc, packedA);
                        aPanel = ref *packedA;
                        rsa = 1;
                        csa = mr;
                    }

                    ref T crow = ref Unsafe.Add(ref c0, (nint)((i * pr.N) + jc));
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        ref T bPanel = ref *(packedB + ((long)jr * kc));
                        ref T cTile = ref Unsafe.Add(ref crow, jr);
                        if (rows == mr && cols == nr)
                        {
                            TKernel.Run(ref aPanel, rsa, csa, ref bPanel, kc, ref cTile, ldc, first);
                        }
                        else
                        {
                            EdgeTile(ref aPanel, rsa, csa, ref bPanel, kc, ref cTile, ldc, rows, cols, first, tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A partial tile: run the micro-kernel on the scratch tile and copy only the <paramref name="rows"/> × <paramref name="cols"/> part of C in and out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(ref T a, nint rsa, nint csa, ref T b, int kc, ref T c, nint ldc, int rows, int cols, bool first, T* tile)
    {
        int nr = TKernel.NR;
        if (!first)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < cols; j++)
                {
                    tile[(r * nr) + j] = Unsafe.Add(ref c, (r * ldc) + j);
                }
            }
        }

        TKernel.Run(ref a, rsa, csa, ref b, kc, ref *tile, nr, first);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                Unsafe.Add(ref c, (r * ldc) + j) = tile[(r * nr) + j];
            }
        }
    }

    /// <summary>
    /// Packs <c>kc × nc</c> of B (rows <paramref name="rs"/>, columns <paramref name="cs"/> elements apart) into
    /// NR-wide micro-panels, each <c>kc</c> rows of NR contiguous values; columns past <paramref name="nc"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(ref T b, nint rs, nint cs, int kc, int nc, T* dst)
    {
        int nr = TKernel.NR;
        for (int j = 0; j < nc; j += nr, dst += (long)kc * nr)
        {
            int cols = Math.Min(nr, nc - j);
            ref T src = ref Unsafe.Add(ref b, j * cs);
            if (cs == 1 && cols == nr)
            {
                // Rows of the panel are contiguous in B: one block copy per row.
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.CopyBlockUnaligned(ref *(byte*)(dst + ((long)p * nr)), ref Unsafe.As<T, byte>(ref Unsafe.Add(ref src, p * rs)), (uint)(nr * sizeof(T)));
                }
            }
            else if (Math.Abs(rs) <= Math.Abs(cs))
            {
                // Column-major-like B (e.g. a transposed view): walk down each column so reads are sequential.
                for (int q = 0; q < cols; q++)
                {
                    ref T col = ref Unsafe.Add(ref src, q * cs);
                    for (int p = 0; p < kc; p++)
                    {
                        dst[((long)p * nr) + q] = Unsafe.Add(ref col, p * rs);
                    }
                }

                ZeroTail(dst, kc, cols, TKernel.NR);
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    ref T row = ref Unsafe.Add(ref src, p * rs);
                    T* d = dst + ((long)p * nr);
                    for (int q = 0; q < cols; q++)
                    {
                        d[q] = Unsafe.Add(ref row, q * cs);
                    }
                }

                ZeroTail(dst, kc, cols, TKernel.NR);
            }
        }
    }

    /// <summary>Zeroes slots <c>[used, width)</c> of each of the <paramref name="kc"/> steps of a packed panel (the padding of a partial tile).</summary>
    private static void ZeroTail(T* panel, int kc, int used, int width)
    {
        if (used == width)
        {
            return;
        }

        for (int p = 0; p < kc; p++)
        {
            new Span<T>(panel + ((long)p * width) + used, width - used).Clear();
        }
    }

    /// <summary>
    /// Packs <c>rows × kc</c> of A (rows <paramref name="rs"/>, columns <paramref name="cs"/> elements apart) as kc
    /// steps of MR values (<c>dst[p·MR + r] = A[r, p]</c>); rows past <paramref name="rows"/> are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(ref T a, nint rs, nint cs, int rows, int kc, T* dst)
    {
        int mr = TKernel.MR;
        if (Math.Abs(cs) <= Math.Abs(rs))
        {
            // Row-major-like A: read each row sequentially, scatter into the MR-strided slots.
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref a, r * rs);
                T* d = dst + r;
                for (int p = 0; p < kc; p++)
                {
                    d[(long)p * mr] = Unsafe.Add(ref row, p * cs);
                }
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                ref T col = ref Unsafe.Add(ref a, p * cs);
                T* d = dst + ((long)p * mr);
                for (int r = 0; r < rows; r++)
                {
                    d[r] = Unsafe.Add(ref col, r * rs);
                }
            }
        }

        ZeroTail(dst, kc, rows, mr);
    }
}
