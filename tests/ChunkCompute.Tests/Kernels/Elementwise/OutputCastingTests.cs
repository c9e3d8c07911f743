using System.Text.Json;
using ChunkCompute.Kernels;

namespace ChunkCompute.Tests.Kernels.Elementwise;

/// <summary>
/// Writing into an <c>out</c> of another dtype, as NumPy's default <c>casting='same_kind'</c>: the rule (NumPy's whole
/// 12×12 <c>np.can_cast</c> table from <c>ufuncs.json</c>), the arithmetic (computed in the result dtype, then cast,
/// e.g. int32 overflow wraps before widening), broadcasting into a larger out, and NumPy's error text otherwise.
/// </summary>
public sealed class OutputCastingTests
{
    [Test]
    public void SameKindRuleMatchesNumPysTable()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "elementwise", "ufuncs.json")));
        var t = doc.RootElement.GetProperty("same_kind");
        var names = t.GetProperty("names").EnumerateArray().Select(e => DType.Parse(e.GetString()!)).ToArray();
        var table = t.GetProperty("table");
        for (int a = 0; a < names.Length; a++)
        {
            for (int b = 0; b < names.Length; b++)
            {
                Assert.That(TypePromotion.CanCastSameKind(names[a], names[b]), Is.EqualTo(table[a][b].GetBoolean()), $"{names[a]} -> {names[b]}");
            }
        }
    }

    [Test]
    public void ResultIsComputedInItsOwnDTypeThenCast()
    {
        // np.add(int32 max, 1, out=float64) -> -2147483648.0: the int32 loop wraps, then the cast widens.
        NdArray i = NdArray.FromArray(new[] { int.MaxValue, 5 }, 2);
        NdArray one = NdArray.FromArray(new[] { 1, -7 }, 2);
        var f8 = NdArray.Zeros<double>(2);
        Assert.That(NdArray.Add(i, one, f8), Is.SameAs(f8));
        Assert.That(f8.ToArray(), Is.EqualTo(new[] { (double)int.MinValue, -2.0 }));

        // float32 + float32 rounds in float32 before widening (NumPy: 1e-8f + 1f into float64 out gives exactly 1.0).
        NdArray small = NdArray.FromArray(new[] { 1e-8f }, 1);
        NdArray onef = NdArray.FromArray(new[] { 1f }, 1);
        var wide = NdArray.Zeros<double>(1);
        NdArray.Add(small, onef, wide);
        Assert.That(wide.ToArray()[0], Is.EqualTo(1.0));

        // Narrowing within a kind: float64 into float32, int64 into int8 (wraps as astype).
        var f4 = NdArray.Zeros<float>(1);
        NdArray.Add((NdArray)NdArray.FromArray(new[] { 0.1 }, 1), (NdArray)NdArray.FromArray(new[] { 0.2 }, 1), f4);
        Assert.That(f4.ToArray()[0], Is.EqualTo((float)(0.1 + 0.2)));
        var i1 = NdArray.Zeros<sbyte>(1);
        NdArray.Add((NdArray)NdArray.FromArray(new[] { 100L }, 1), (NdArray)NdArray.FromArray(new[] { 100L }, 1), i1);
        Assert.That(i1.ToArray()[0], Is.EqualTo((sbyte)-56));

        // Unary functions and bool results: sqrt of int16 is float32, into a float64 out; bool + bool into int64.
        var s = NdArray.Zeros<double>(3);
        NdArray.Sqrt((NdArray)NdArray.FromArray(new short[] { 2, 9, 16 }, 3), s);
        Assert.That(s.ToArray(), Is.EqualTo(new[] { (double)MathF.Sqrt(2), 3.0, 4.0 }));
        var bsum = NdArray.Zeros<long>(2);
        NdArray.Add((NdArray)NdArray.FromArray(new[] { true, false }, 2), (NdArray)NdArray.FromArray(new[] { true, false }, 2), bsum);
        Assert.That(bsum.ToArray(), Is.EqualTo(new[] { 1L, 0L }));
    }

    [Test]
    public void CastIntoALargerOutBroadcastsAndMatchesTheSameDTypePath()
    {
        var rng = new NdRandom(8);
        NdArray x = rng.Uniform([3], -2, 2).AsType<float>();
        NdArray y = rng.Uniform([4, 1], -2, 2).AsType<float>();
        var outWide = NdArray.Zeros<double>(2, 4, 3);
        NdArray.Multiply(x, y, outWide);
        var expected = ((NdArray<float>)NdArray.Multiply(x, y)).AsType<double>();
        for (int k = 0; k < 2; k++)
        {
            Assert.That(outWide[k.ToString(System.Globalization.CultureInfo.InvariantCulture)].ToArray(), Is.EqualTo(expected.ToArray()), $"block {k}");
        }

        // Strided destination of another dtype.
        var dst = NdArray.Zeros<double>(4, 6);
        var view = dst[":, ::2"];
        NdArray.Exp(NdArray.Ones<float>(4, 3), view);
        Assert.That(view.ToArray(), Is.All.EqualTo((double)MathF.Exp(1f)));
        Assert.That(dst[":, 1::2"].ToArray(), Is.All.EqualTo(0.0));
    }

    [Test]
    public void CastsOutsideTheKindThrowNumPysMessage()
    {
        NdArray f = NdArray.Zeros<double>(3);
        NdArray i = NdArray.Zeros<int>(3);
        var ex = Assert.Throws<ArgumentException>(() => NdArray.Add(f, f, NdArray.Zeros<long>(3)));
        Assert.That(ex!.Message, Does.StartWith("Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting rule 'same_kind'"));
        Assert.That(ex.Message, Does.Contain("the result dtype is float64"));
        Assert.That(() => NdArray.Divide(i, i, NdArray.Zeros<int>(3)), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int32')"));
        Assert.That(() => NdArray.Negate(i, NdArray.Zeros<uint>(3)), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'negative' output from dtype('int32') to dtype('uint32')"));
        Assert.That(() => NdArray.Add(i, i, NdArray.Zeros<bool>(3)), Throws.ArgumentException.With.Message.StartsWith("Cannot cast ufunc 'add' output from dtype('int32') to dtype('bool')"));
    }

    [Test]
    public void ShapeErrorsOfACastingOutAreTheLoopsOwn()
    {
        // NumPy: np.add(f4, f4, out=np.zeros(4)) -> "operands could not be broadcast together with shapes (3,) (3,) (4,)".
        NdArray f = NdArray.Ones<float>(3);
        Assert.That(() => NdArray.Add(f, f, NdArray.Zeros<double>(4)), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,) (3,) (4,) "));
        Assert.That(() => NdArray.Add(NdArray.Ones<float>(2, 3), f, NdArray.Zeros<double>(3)), Throws.ArgumentException.With.Message.EqualTo("non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2,3)"));
        Assert.That(() => NdArray.Exp(f, NdArray.Zeros<double>(2)), Throws.ArgumentException.With.Message.EqualTo("operands could not be broadcast together with shapes (3,) (2,) "));
    }
}
