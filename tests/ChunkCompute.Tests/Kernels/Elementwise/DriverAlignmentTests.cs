using System.Runtime.InteropServices;
using ChunkCompute.Kernels.Elementwise;
using ChunkCompute.Storage;
using NUnit.Framework;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// The drivers align their stores: the loop starts at the destination's first vector boundary and the first vector,
/// computed before anything is written, is stored last. Checked at every start offset within a 64-byte line (native
/// memory is 64-byte aligned, so offset k is a head of 8 - k doubles), every length 0..300, with the destination
/// separate, equal to x and equal to y, against the scalar operator. Also the arithmetic kernels that replaced
/// TensorPrimitives: integer wrap-around and float specials.
/// </summary>
[TestFixture]
public sealed unsafe class DriverAlignmentTests
{
    [Test]
    public void BinaryDriverEveryOffsetAndLengthInPlaceOrNot()
    {
        const int Max = 300;
        long bytes = (Max + 16) * sizeof(double);
        double* bx = (double*)NativeAllocator.Allocate(bytes);
        double* by = (double*)NativeAllocator.Allocate(bytes);
        double* bd = (double*)NativeAllocator.Allocate(bytes);
        try
        {
            var rng = new Random(5);
            for (int offset = 0; offset < 8; offset++)
            {
                for (int n = 0; n <= Max; n++)
                {
                    var xs = new double[n];
                    var ys = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        xs[i] = rng.NextDouble() * 100 - 50;
                        ys[i] = rng.NextDouble() * 100 - 50;
                    }

                    var x = new Span<double>(bx + offset, n);
                    var y = new Span<double>(by + offset, n);
                    var d = new Span<double>(bd + offset, n);

                    // Separate destination; the guard elements on either side must stay untouched.
                    xs.CopyTo(x);
                    ys.CopyTo(y);
                    bd[offset + n] = 12345;
                    if (offset > 0)
                    {
                        bd[offset - 1] = 12345;
                    }

                    BinaryDriver.Invoke<double, SubtractOperator<double>>(x, y, d);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.That(d[i], Is.EqualTo(xs[i] - ys[i]), $"offset {offset}, n {n}, i {i}");
                    }

                    Assert.That(bd[offset + n], Is.EqualTo(12345), $"wrote past the end: offset {offset}, n {n}");
                    if (offset > 0)
                    {
                        Assert.That(bd[offset - 1], Is.EqualTo(12345), $"wrote before the start: offset {offset}, n {n}");
                    }

                    // In place on x, then on y: every element once, from the original inputs.
                    BinaryDriver.Invoke<double, SubtractOperator<double>>(x, y, x);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.That(x[i], Is.EqualTo(xs[i] - ys[i]), $"in place on x: offset {offset}, n {n}, i {i}");
                    }

                    xs.CopyTo(x);
                    BinaryDriver.Invoke<double, SubtractOperator<double>>(x, y, y);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.That(y[i], Is.EqualTo(xs[i] - ys[i]), $"in place on y: offset {offset}, n {n}, i {i}");
                    }
                }
            }
        }
        finally
        {
            NativeAllocator.Free(bx, bytes);
            NativeAllocator.Free(by, bytes);
            NativeAllocator.Free(bd, bytes);
        }
    }

    [Test]
    public void UnaryDriverEveryOffsetAndLengthInPlaceOrNot()
    {
        const int Max = 300;
        long bytes = (Max + 32) * sizeof(float);
        float* bx = (float*)NativeAllocator.Allocate(bytes);
        float* bd = (float*)NativeAllocator.Allocate(bytes);
        try
        {
            var rng = new Random(6);
            for (int offset = 0; offset < 16; offset++)
            {
                for (int n = 0; n <= Max; n++)
                {
                    var xs = new float[n];
                    for (int i = 0; i < n; i++)
                    {
                        xs[i] = (float)(rng.NextDouble() * 100 - 50);
                    }

                    var x = new Span<float>(bx + offset, n);
                    var d = new Span<float>(bd + offset, n);
                    xs.CopyTo(x);
                    bd[offset + n] = 12345;
                    UnaryDriver.Invoke<float, NegateOperator<float>>(x, d);
                    UnaryDriver.Invoke<float, NegateOperator<float>>(x, x);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.That(d[i], Is.EqualTo(-xs[i]), $"offset {offset}, n {n}, i {i}");
                        Assert.That(x[i], Is.EqualTo(-xs[i]), $"in place: offset {offset}, n {n}, i {i}");
                    }

                    Assert.That(bd[offset + n], Is.EqualTo(12345f), $"wrote past the end: offset {offset}, n {n}");
                }
            }
        }
        finally
        {
            NativeAllocator.Free(bx, bytes);
            NativeAllocator.Free(bd, bytes);
        }
    }

    [Test]
    public void BroadcastScalarOperandsAcrossBlocks()
    {
        // A stride-0 operand's block buffer is filled once per run: runs of every length around the N-D loop's
        // 512-element blocks, with a contiguous and a strided other operand, scalar on either side.
        var rng = new Random(8);
        foreach (int n in new[] { 0, 1, 511, 512, 513, 1023, 1024, 1537, 3000 })
        {
            var data = new int[2 * n];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = rng.Next(-1000, 1000);
            }

            using var full = NdArray.FromArray(data);
            using var strided = full["::2"];
            using var contiguous = full[$":{n}"];
            using var seven = NdArray.Full([1], 7);
            foreach (var x in new[] { contiguous, strided })
            {
                using var sum = NdArray.Add(x, seven);
                using var quotient = NdArray.FloorDivide(x, seven);
                using var reversed = NdArray.Subtract(seven, x);
                for (int i = 0; i < n; i++)
                {
                    int v = x[i];
                    Assert.That(sum[i], Is.EqualTo(v + 7), $"n {n} i {i}");
                    Assert.That(quotient[i], Is.EqualTo((int)Math.Floor(v / 7.0)), $"n {n} i {i}");
                    Assert.That(reversed[i], Is.EqualTo(7 - v), $"n {n} i {i}");
                }
            }
        }
    }

    [Test]
    public void ArithmeticKernelsWrapIntegersAndKeepFloatSpecials()
    {
        // Every length to 70 so each vector width's loop, unrolled loop and overlapping last vector run.
        for (int n = 0; n <= 70; n++)
        {
            var a = new int[n];
            var b = new int[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = (i % 3) switch { 0 => int.MaxValue, 1 => int.MinValue, _ => i * 7919 };
                b[i] = (i % 4) switch { 0 => 1, 1 => -1, 2 => int.MinValue, _ => 65537 };
            }

            var sum = new int[n];
            var diff = new int[n];
            var prod = new int[n];
            var neg = new int[n];
            AddKernel<int>.Invoke(a, b, sum);
            SubtractKernel<int>.Invoke(a, b, diff);
            MultiplyKernel<int>.Invoke(a, b, prod);
            NegateKernel<int>.Invoke(a, neg);
            for (int i = 0; i < n; i++)
            {
                Assert.That(sum[i], Is.EqualTo(unchecked(a[i] + b[i])), $"add n {n} i {i}");
                Assert.That(diff[i], Is.EqualTo(unchecked(a[i] - b[i])), $"subtract n {n} i {i}");
                Assert.That(prod[i], Is.EqualTo(unchecked(a[i] * b[i])), $"multiply n {n} i {i}");
                Assert.That(neg[i], Is.EqualTo(unchecked(-a[i])), $"negate n {n} i {i}");
            }
        }

        double[] x = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0, -1.0, double.Epsilon, 3.0];
        double[] y = [-0.0, -0.0, double.PositiveInfinity, 0.0, 1.0, 0.0, -0.0, 2.0, 7.0];
        var q = new double[x.Length];
        var s = new double[x.Length];
        var m = new double[x.Length];
        var z = new double[x.Length];
        DivideKernel<double>.Invoke(x, y, q);
        AddKernel<double>.Invoke(x, y, s);
        MultiplyKernel<double>.Invoke(x, y, m);
        NegateKernel<double>.Invoke(x, z);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(q[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(x[i] / y[i])), $"divide {x[i]} / {y[i]}");
            Assert.That(BitConverter.DoubleToInt64Bits(s[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(x[i] + y[i])), $"add {x[i]} + {y[i]}");
            Assert.That(BitConverter.DoubleToInt64Bits(m[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(x[i] * y[i])), $"multiply {x[i]} * {y[i]}");
            Assert.That(BitConverter.DoubleToInt64Bits(z[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(-x[i])), $"negate {x[i]}");
        }

        // Half has no vector lanes: the scalar loop.
        Half[] h = [(Half)1.5, (Half)(-2), Half.NaN];
        var hs = new Half[3];
        AddKernel<Half>.Invoke(h, h, hs);
        Assert.That(hs[0], Is.EqualTo((Half)3));
        Assert.That(hs[1], Is.EqualTo((Half)(-4)));
        Assert.That(Half.IsNaN(hs[2]));
        Assert.That(MemoryMarshal.AsBytes(hs.AsSpan()).Length, Is.EqualTo(6));
    }
}
