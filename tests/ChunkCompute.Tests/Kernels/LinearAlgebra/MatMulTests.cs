using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Kernels.LinearAlgebra;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Kernels.LinearAlgebra;

/// <summary>
/// MatMul's contract: every element equals the naive loop <c>c = 0; for p ascending: c = c + a[i,p]·b[p,j]</c>
/// (rounded product, rounded sum) bit for bit, with every micro-kernel width, any thread count, any operand layout;
/// NumPy's shape rules and error messages.
/// </summary>
public class MatMulTests
{
    private static readonly ExecutionSettings TwoThreads = new(2) { MinimumElementsPerTask = 1 };
    private static readonly ExecutionSettings SevenThreads = new(7) { MinimumElementsPerTask = 1 };

    /// <summary>The naive reference in the contract's order, on C-order copies of 2-D operands.</summary>
    internal static NdArray<T> Reference<T>(NdArray<T> a, NdArray<T> b)
        where T : unmanaged, INumber<T>
    {
        long m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        T[] x = a.ToArray(), y = b.ToArray();
        var c = new T[m * n];
        for (long i = 0; i < m; i++)
        {
            for (long j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (long p = 0; p < k; p++)
                {
                    s += x[(i * k) + p] * y[(p * n) + j];
                }

                c[(i * n) + j] = s;
            }
        }

        return NdArray.Wrap(c, [m, n]);
    }

    /// <summary>Every micro-kernel this process can run, by name: the result must not depend on which one ran.</summary>
    private static IEnumerable<(string Name, Func<NdArray<T>, NdArray<T>, ExecutionSettings?, NdArray<T>> MatMul)> Kernels<T>()
        where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            yield return ("Vector512", MatMulKernel.MatMul<T, GemmKernel512<T, MultiplyThenAdd>>);
        }

        yield return ("Vector256", MatMulKernel.MatMul<T, GemmKernel256<T>>);
        yield return ("Vector128", MatMulKernel.MatMul<T, GemmKernel128<T>>);
        yield return ("scalar", MatMulKernel.MatMul<T, GemmKernelScalar<T>>);
        yield return ("default", (a, b, s) => NdArray.MatMul(a, b, s));
    }

    private static NdArray<double> Data(ulong seed, long rows, long cols) => new NdRandom(seed).Normal([rows, cols], 0, 1);

    [Test]
    public void EveryShapeUpTo17CubedMatchesTheNaiveLoopBitForBitWithEveryKernel()
    {
        using var bigA = Data(11, 17, 17);
        using var bigB = Data(12, 17, 17);
        foreach (var (name, matmul) in Kernels<double>())
        {
            for (int m = 0; m <= 17; m++)
            {
                for (int k = 0; k <= 17; k++)
                {
                    for (int n = 0; n <= 17; n++)
                    {
                        var a = bigA.Slice(Slice.Range(0, m), Slice.Range(0, k)).Copy();
                        var b = bigB.Slice(Slice.Range(0, k), Slice.Range(0, n)).Copy();
                        var c = matmul(a, b, ExecutionSettings.Sequential);
                        NdAssert.AreBitwiseEqual(Reference(a, b), c, $"{name} ({m},{k})@({k},{n})");
                    }
                }
            }
        }
    }

    [Test]
    public void Float32EveryShapeUpTo17CubedAccumulatesInFloat32LikeTheNaiveLoop()
    {
        using var bigA = Data(13, 17, 17).AsType<float>();
        using var bigB = Data(14, 17, 17).AsType<float>();
        foreach (var (name, matmul) in Kernels<float>())
        {
            for (int m = 0; m <= 17; m++)
            {
                for (int k = 0; k <= 17; k++)
                {
                    for (int n = 0; n <= 17; n++)
                    {
                        var a = bigA.Slice(Slice.Range(0, m), Slice.Range(0, k)).Copy();
                        var b = bigB.Slice(Slice.Range(0, k), Slice.Range(0, n)).Copy();
                        NdAssert.AreBitwiseEqual(Reference(a, b), matmul(a, b, ExecutionSettings.Sequential), $"{name} ({m},{k})@({k},{n})");
                    }
                }
            }
        }
    }

    /// <summary>Shapes that are not multiples of any tile size and cross k-panels (256) and column strips (256).</summary>
    [Test]
    public void SeededLargerShapesMatchTheNaiveLoopWithEveryKernelAndThreadCount()
    {
        var rng = new Random(20240917);
        for (int trial = 0; trial < 12; trial++)
        {
            int m = rng.Next(1, 140), k = rng.Next(1, 600), n = rng.Next(1, 600);
            using var a = Data((ulong)(100 + trial), m, k);
            using var b = Data((ulong)(200 + trial), k, n);
            var expected = Reference(a, b);
            foreach (var (name, matmul) in Kernels<double>())
            {
                foreach (var s in new[] { ExecutionSettings.Sequential, TwoThreads, SevenThreads })
                {
                    NdAssert.AreBitwiseEqual(expected, matmul(a, b, s), $"{name}, {s.MaxDegreeOfParallelism} threads, ({m},{k})@({k},{n})");
                }
            }
        }
    }

    [TestCase(300, 700, 530)]
    [TestCase(3, 1000, 2000)] // few row groups: the columns are split between threads
    [TestCase(1, 513, 1025)]
    [TestCase(2000, 300, 5)]
    public void OneTwoAndSevenThreadsGiveIdenticalBits(int m, int k, int n)
    {
        using var a = Data(1, m, k);
        using var b = Data(2, k, n);
        using var c1 = NdArray.MatMul(a, b, ExecutionSettings.Sequential);
        using var c2 = NdArray.MatMul(a, b, TwoThreads);
        using var c7 = NdArray.MatMul(a, b, SevenThreads);
        NdAssert.AreBitwiseEqual(c1, c2, "2 threads");
        NdAssert.AreBitwiseEqual(c1, c7, "7 threads");
        using var cDefault = NdArray.MatMul(a, b);
        NdAssert.AreBitwiseEqual(c1, cDefault, "default settings");
        for (int i = 0; i < m; i += Math.Max(1, m / 5))
        {
            using var row = Reference(a.Slice(Slice.Range(i, i + 1), Slice.All), b);
            NdAssert.AreBitwiseEqual(row, c1.Slice(Slice.Range(i, i + 1), Slice.All), $"row {i}");
        }
    }

    [Test]
    public void BatchedMatchesEachMatrixAndBroadcastsABatchOfOne()
    {
        using var a = new NdRandom(3).Normal([3, 40, 50], 0, 1);
        using var b = new NdRandom(4).Normal([1, 50, 20], 0, 1);
        using var b3 = new NdRandom(5).Normal([3, 50, 20], 0, 1);
        foreach (var s in new[] { ExecutionSettings.Sequential, TwoThreads, SevenThreads })
        {
            var c = NdArray.MatMul(a, b, s);
            Assert.That(c.Shape.ToArray(), Is.EqualTo(new long[] { 3, 40, 20 }));
            var c3 = NdArray.MatMul(a, b3, s);
            var cLeft = NdArray.MatMul(a["0:1"], b3, s); // batch of one on the left
            Assert.That(cLeft.Shape.ToArray(), Is.EqualTo(new long[] { 3, 40, 20 }));
            var c2d = NdArray.MatMul(a, b["0"], s); // 2-D right operand broadcasts over the batch
            for (int i = 0; i < 3; i++)
            {
                string si = i.ToString(CultureInfo.InvariantCulture);
                NdAssert.AreBitwiseEqual(Reference(a[si], b["0"]), c[si], $"batch {i}");
                NdAssert.AreBitwiseEqual(Reference(a[si], b3[si]), c3[si], $"batch {i} (3 @ 3)");
                NdAssert.AreBitwiseEqual(Reference(a["0"], b3[si]), cLeft[si], $"batch {i} (1 @ 3)");
                NdAssert.AreBitwiseEqual(Reference(a[si], b["0"]), c2d[si], $"batch {i} (3 @ 2-D)");
            }
        }
    }

    [Test]
    public void BatchAxesBroadcastAsNumPy()
    {
        using var a = new NdRandom(6).Normal([2, 1, 3, 4], 0, 1);
        using var b = new NdRandom(7).Normal([5, 4, 2], 0, 1);
        var c = NdArray.MatMul(a, b, TwoThreads);
        Assert.That(c.Shape.ToArray(), Is.EqualTo(new long[] { 2, 5, 3, 2 }));
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                string ai = $"{i},0", bj = j.ToString(CultureInfo.InvariantCulture), cij = $"{i},{j}";
                NdAssert.AreBitwiseEqual(Reference(a[ai], b[bj]), c[cij], $"[{i},{j}]");
            }
        }
    }

    [Test]
    public void TransposedStridedAndReversedOperandsGiveTheSameBitsAsTheirCopies()
    {
        using var big = Data(8, 90, 130);
        using var big2 = Data(9, 130, 90);
        var views = new (string Name, NdArray<double> A, NdArray<double> B)[]
        {
            ("A.T @ B.T", big2.Transpose(), big.Transpose()),
            ("A @ A.T", big, big.Transpose()),
            ("step 2 rows and columns", big["::2, 1::3"], big2["1::3, ::2"]),
            ("reversed", big["::-1, ::-1"], big2["::-1"]),
            ("column slice", big[":, 7:120"], big2["7:120, 3:70"]),
        };
        foreach (var (name, a, b) in views)
        {
            using var ac = a.Copy();
            using var bc = b.Copy();
            var expected = Reference(ac, bc);
            foreach (var (kernel, matmul) in Kernels<double>())
            {
                NdAssert.AreBitwiseEqual(expected, matmul(a, b, TwoThreads), $"{name}, {kernel}");
            }
        }
    }

    [Test]
    public void OneDimensionalOperandsArePromotedAndTheirAxisDropped()
    {
        using var m = Data(10, 5, 7);
        using var v7 = new NdRandom(11).Normal([7], 0, 1);
        using var v5 = new NdRandom(12).Normal([5], 0, 1);
        var mv = NdArray.MatMul(m, v7);
        Assert.That(mv.Shape.ToArray(), Is.EqualTo(new long[] { 5 }));
        NdAssert.AreBitwiseEqual(Reference(m, v7.Reshape(7, 1)).Reshape(5), mv);
        var vm = NdArray.MatMul(v5, m);
        Assert.That(vm.Shape.ToArray(), Is.EqualTo(new long[] { 7 }));
        NdAssert.AreBitwiseEqual(Reference(v5.Reshape(1, 5), m).Reshape(7), vm);
        var vv = NdArray.MatMul(v7, v7);
        Assert.That(vv.NDim, Is.Zero);
        Assert.That(vv.ToArray()[0], Is.EqualTo(Reference(v7.Reshape(1, 7), v7.Reshape(7, 1)).ToArray()[0]));
        using var stack = new NdRandom(13).Normal([3, 5, 7], 0, 1);
        Assert.That(NdArray.MatMul(stack, v7).Shape.ToArray(), Is.EqualTo(new long[] { 3, 5 }));
        Assert.That(NdArray.MatMul(v5, stack).Shape.ToArray(), Is.EqualTo(new long[] { 3, 7 }));
        NdAssert.AreBitwiseEqual(Reference(v5.Reshape(1, 5), stack["2"]).Reshape(7), NdArray.MatMul(v5, stack)["2"]);
    }

    /// <summary>A single column on the right (matrix · vector) is computed as a row, Cᵀ = bᵀAᵀ: same bits.</summary>
    [TestCase(1, 1)]
    [TestCase(7, 300)]
    [TestCase(100, 513)]
    [TestCase(1000, 37)]
    public void MatrixTimesColumnIsBitIdenticalToTheNaiveLoop(int m, int k)
    {
        using var a = Data(30, m, k);
        using var b = Data(31, k, 1);
        using var bT = Data(32, 1, k);
        var expected = Reference(a, b);
        foreach (var (name, matmul) in Kernels<double>())
        {
            foreach (var s in new[] { ExecutionSettings.Sequential, TwoThreads, SevenThreads })
            {
                NdAssert.AreBitwiseEqual(expected, matmul(a, b, s), $"{name}, {s.MaxDegreeOfParallelism} threads");
                NdAssert.AreBitwiseEqual(Reference(a, bT.Transpose()), matmul(a, bT.Transpose(), s), $"{name}, column view, {s.MaxDegreeOfParallelism} threads");
                NdAssert.AreBitwiseEqual(expected.Reshape(m), matmul(a, b.Reshape(k), s), $"{name}, 1-D, {s.MaxDegreeOfParallelism} threads");
            }
        }

        using var stack = new NdRandom(33).Normal([3, m, k], 0, 1);
        var batched = NdArray.MatMul(stack, b, TwoThreads);
        for (int i = 0; i < 3; i++)
        {
            string si = i.ToString(CultureInfo.InvariantCulture);
            NdAssert.AreBitwiseEqual(Reference(stack[si], b), batched[si], $"batch {i}");
        }
    }

    [TestCase(new long[] { 0, 4 }, new long[] { 4, 3 }, new long[] { 0, 3 })]
    [TestCase(new long[] { 3, 4 }, new long[] { 4, 0 }, new long[] { 3, 0 })]
    [TestCase(new long[] { 3, 0 }, new long[] { 0, 5 }, new long[] { 3, 5 })]
    [TestCase(new long[] { 2, 3, 0 }, new long[] { 2, 0, 2 }, new long[] { 2, 3, 2 })]
    [TestCase(new long[] { 0, 3, 4 }, new long[] { 1, 4, 2 }, new long[] { 0, 3, 2 })]
    [TestCase(new long[] { 0 }, new long[] { 0 }, new long[0])]
    public void EmptyDimensionsGiveNumPyShapesAndKZeroGivesZeros(long[] sa, long[] sb, long[] expected)
    {
        var c = NdArray.MatMul(NdArray.Ones<double>(sa), NdArray.Ones<double>(sb));
        Assert.That(c.Shape.ToArray(), Is.EqualTo(expected));
        Assert.That(c.ToArray(), Is.All.EqualTo(0.0));
        if (c.Size > 0)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(c.ToArray()[0]), Is.Zero, "+0.0, as the sum of no products");
        }
    }

    [TestCase(new long[] { 3, 4 }, new long[] { 5, 6 }, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 5 is different from 4)")]
    [TestCase(new long[] { 3 }, new long[] { 4 }, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)")]
    [TestCase(new long[] { 3, 4 }, new long[] { 3 }, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)")]
    [TestCase(new long[] { 2, 2, 3 }, new long[] { 3, 4, 5 }, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)")]
    [TestCase(new long[0], new long[] { 3, 3 }, "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")]
    [TestCase(new long[] { 3, 3 }, new long[0], "matmul: Input operand 1 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")]
    [TestCase(new long[] { 2, 3, 4 }, new long[] { 3, 4, 5 }, "operands could not be broadcast together with remapped shapes [original->remapped]: (2,3,4)->(2,newaxis,newaxis) (3,4,5)->(3,newaxis,newaxis)  and requested shape (3,5)")]
    [TestCase(new long[] { 2, 1, 3, 4 }, new long[] { 3, 2, 4, 5 }, "operands could not be broadcast together with remapped shapes [original->remapped]: (2,1,3,4)->(2,1,newaxis,newaxis) (3,2,4,5)->(3,2,newaxis,newaxis)  and requested shape (3,5)")]
    [TestCase(new long[] { 2, 0, 4 }, new long[] { 3, 4, 5 }, "operands could not be broadcast together with remapped shapes [original->remapped]: (2,0,4)->(2,newaxis,newaxis) (3,4,5)->(3,newaxis,newaxis)  and requested shape (0,5)")]
    public void MismatchedShapesGiveNumPysMessages(long[] sa, long[] sb, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => NdArray.MatMul(NdArray.Zeros<double>(sa), NdArray.Zeros<double>(sb)));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void ADisposedOperandThrowsObjectDisposedOnTheCallingThread()
    {
        var a = Data(40, 400, 400); // native storage (> 1 MiB): Dispose frees it
        using var b = Data(41, 400, 400);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => NdArray.MatMul(a, b, TwoThreads));
        Assert.Throws<ObjectDisposedException>(() => NdArray.MatMul(b, a, TwoThreads));
    }

    [Test]
    public void IntegersWrapAroundAsNumPy()
    {
        // np.array([[100, 100]], np.int8) @ np.array([[2], [2]], np.int8) == [[-112]]
        var c8 = NdArray.MatMul(NdArray.FromArray(new sbyte[,] { { 100, 100 } }), NdArray.FromArray(new sbyte[,] { { 2 }, { 2 } }));
        Assert.That(c8.ToArray(), Is.EqualTo(new sbyte[] { -112 }));
        var c32 = NdArray.MatMul(NdArray.FromArray(new int[,] { { int.MaxValue, 1 } }), NdArray.FromArray(new int[,] { { 2 }, { 1 } }));
        Assert.That(c32.ToArray(), Is.EqualTo(new[] { unchecked((int.MaxValue * 2) + 1) }));
        IntegerSweep<int>(-1000, 1000);
        IntegerSweep<long>(-1L << 40, 1L << 40);
        IntegerSweep<sbyte>(-128, 128);
        IntegerSweep<byte>(0, 256);
        IntegerSweep<ushort>(0, 65536);
        IntegerSweep<ulong>(0, long.MaxValue);
    }

    private static void IntegerSweep<T>(long low, long high)
        where T : unmanaged, INumber<T>
    {
        foreach (var (m, k, n) in new[] { (1, 1, 1), (7, 13, 5), (17, 300, 70), (13, 5, 130) })
        {
            using var a = new NdRandom((ulong)(m + k)).Integers<T>(low, high, [m, k]);
            using var b = new NdRandom((ulong)(k + n)).Integers<T>(low, high, [k, n]);
            var expected = Reference(a, b);
            foreach (var (name, matmul) in Kernels<T>())
            {
                NdAssert.AreBitwiseEqual(expected, matmul(a, b, TwoThreads), $"{typeof(T).Name} {name} ({m},{k})@({k},{n})");
            }
        }
    }

    [Test]
    public void Float16AccumulatesInFloat32AndRoundsOnceAsNumPy()
    {
        using var a = new NdRandom(20).Normal([20, 300], 0, 1).AsType<Half>();
        using var b = new NdRandom(21).Normal([300, 20], 0, 1).AsType<Half>();
        var c = NdArray.MatMul(a, b);
        using var expected = Reference(a.AsType<float>(), b.AsType<float>()).AsType<Half>();
        NdAssert.AreBitwiseEqual(expected, c);
    }

    [Test]
    public void SignedZerosInfinitiesAndNaNsFollowTheNaiveLoop()
    {
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, 1e308];
        var rng = new Random(5);
        foreach (int size in new[] { 3, 9, 40 })
        {
            var x = new double[size * size];
            var y = new double[size * size];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.Next(4) == 0 ? specials[rng.Next(specials.Length)] : -0.0;
                y[i] = rng.Next(4) == 0 ? specials[rng.Next(specials.Length)] : 0.0;
            }

            var a = NdArray.Wrap(x, [size, size]);
            var b = NdArray.Wrap(y, [size, size]);
            var expected = Reference(a, b).ToArray();
            foreach (var (name, matmul) in Kernels<double>())
            {
                var actual = matmul(a, b, TwoThreads).ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    bool same = double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]);
                    Assert.That(same, Is.True, $"{name} size {size} element {i}: expected {expected[i]}, got {actual[i]}");
                }
            }
        }
    }

    [Test]
    public void DotIsReproducibleAcrossThreadCounts()
    {
        using var x = new NdRandom(5).Normal([1_500_001], 0, 1);
        using var y = new NdRandom(6).Normal([1_500_001], 0, 1);
        double d1 = NdArray.Dot(x, y, ExecutionSettings.Sequential);
        for (int dop = 2; dop <= 16; dop *= 2)
        {
            Assert.That(NdArray.Dot(x, y, new ExecutionSettings(dop) { MinimumElementsPerTask = 1 }), Is.EqualTo(d1));
        }

        using var f = x.AsType<float>();
        using var g = y.AsType<float>();
        Assert.That(NdArray.Dot(f, g), Is.EqualTo((float)NdArray.Dot(f.AsType<double>(), g.AsType<double>())));
    }

    /// <summary>
    /// NumPy's own <c>a @ b</c> on the same data, within a tolerance: NumPy's BLAS may block and fuse differently
    /// (with Debian's reference BLAS the values happen to be identical).
    /// </summary>
    [Test]
    public void AgreesWithLiveNumPy()
    {
        string output = Fixtures.RunNumPy("""
            import numpy as np
            rng = np.random.default_rng(7)
            a = rng.standard_normal((37, 301)); b = rng.standard_normal((301, 45))
            np.set_printoptions(threshold=10**9, floatmode='unique')
            print(','.join(repr(float(v)) for v in a.ravel()))
            print(','.join(repr(float(v)) for v in b.ravel()))
            print(','.join(repr(float(v)) for v in (a @ b).ravel()))
            ai = rng.integers(-100, 100, (9, 70), dtype=np.int32); bi = rng.integers(-100, 100, (70, 11), dtype=np.int32)
            print(','.join(str(v) for v in ai.ravel()))
            print(','.join(str(v) for v in bi.ravel()))
            print(','.join(str(v) for v in (ai @ bi).ravel()))
            """);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        double[] Doubles(string line) => line.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int[] Ints(string line) => line.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var c = NdArray.MatMul(NdArray.Wrap(Doubles(lines[0]), [37, 301]), NdArray.Wrap(Doubles(lines[1]), [301, 45]));
        NdAssert.AllClose(NdArray.Wrap(Doubles(lines[2]), [37, 45]), c, rtol: 1e-12, atol: 1e-12);
        var ci = NdArray.MatMul(NdArray.Wrap(Ints(lines[3]), [9, 70]), NdArray.Wrap(Ints(lines[4]), [70, 11]));
        NdAssert.AreEqual(Ints(lines[5]), ci);
    }
}
