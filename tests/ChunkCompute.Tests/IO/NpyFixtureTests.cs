using System.Text.Json;
using ChunkCompute.IO;

namespace ChunkCompute.Tests.IO;

/// <summary>Files written by NumPy 1.24 (see Fixtures/make_npy_fixtures.py) load with the right values, and Save reproduces them byte for byte.</summary>
[TestFixture]
public class NpyFixtureTests
{
    public static IEnumerable<string> NpyFixtures()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "npy", "expected.json")));
        return doc.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.EndsWith(".npy", StringComparison.Ordinal)).ToList();
    }

    public static IEnumerable<string> LittleEndianFixtures() =>
        NpyFixtures().Where(n => !n.Contains("_be_", StringComparison.Ordinal));

    public static IEnumerable<string> BigEndianTwins() =>
        NpyFixtures().Where(n => n.Contains("_be_", StringComparison.Ordinal) && n != "i4_3d_be_F.npy");

    [Test]
    public void FixtureSetCoversEveryDTypeByteOrderLayoutAndVersion()
    {
        var names = NpyFixtures().ToHashSet();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(150));
        foreach (var dtype in DType.All)
        {
            string code = $"{dtype.KindChar}{dtype.ItemSize}";
            foreach (string order in dtype.ItemSize == 1 ? new[] { "na" } : ["le", "be"])
            {
                foreach (string layout in new[] { "C", "F" })
                {
                    for (int v = 1; v <= 3; v++)
                    {
                        Assert.That(names, Does.Contain($"{code}_{order}_{layout}_v{v}.npy"));
                    }
                }
            }

            Assert.That(names, Does.Contain($"{code}_scalar.npy"));
            Assert.That(names, Does.Contain($"{code}_empty_0x3.npy"));
        }
    }

    [TestCaseSource(nameof(NpyFixtures))]
    public void LoadsNumPyFixture(string name)
    {
        var expected = IOTestUtil.Expected.GetProperty(name);
        string path = IOTestUtil.Fixture(name);
        using var a = NdArray.Load(path);
        string descr = expected.GetProperty("descr").GetString()!;
        long[] shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        bool fortran = expected.GetProperty("fortran_order").GetBoolean();
        Assert.That(a.DType.Descr[1..], Is.EqualTo(descr[1..]), "dtype");
        Assert.That(a.Shape.ToArray(), Is.EqualTo(shape), "shape");
        if (fortran)
        {
            Assert.That(a.IsFContiguous, Is.True, "Fortran-ordered file loads as an F-contiguous array");
        }
        else
        {
            Assert.That(a.IsCContiguous, Is.True);
        }

        var want = expected.GetProperty("values").EnumerateArray().Select(e => IOTestUtil.NormalizePython(e.GetString()!, a.DType)).ToArray();
        Assert.That(IOTestUtil.ElementTexts(a), Is.EqualTo(want));

        var header = NdArray.ReadHeader(path);
        Assert.That(header.Version.ToString(), Is.EqualTo(expected.GetProperty("version").GetString()));
        Assert.That(header.Descr, Is.EqualTo(descr));
        Assert.That(header.IsBigEndian, Is.EqualTo(descr[0] == '>'));
        Assert.That(header.FortranOrder, Is.EqualTo(fortran));
        Assert.That(header.DataOffset + header.DataLength, Is.EqualTo(new FileInfo(path).Length));
        Assert.That(header.DataOffset % 64, Is.Zero, "NumPy aligns data to 64 bytes");
    }

    [TestCaseSource(nameof(LittleEndianFixtures))]
    public void SaveWritesTheBytesNumPyWrote(string name)
    {
        string path = IOTestUtil.Fixture(name);
        var header = NdArray.ReadHeader(path);
        Assert.That(header.IsBigEndian, Is.False);

        using var a = NdArray.Load(path);
        using var ms = new MemoryStream();
        NdArray.Save(ms, a, header.FortranOrder, header.Version);
        Assert.That(ms.ToArray(), Is.EqualTo(File.ReadAllBytes(path)));

        if (header.Version.Major == 1)
        {
            // The default version choice is NumPy's too (and the path overload writes the same bytes).
            using var dir = IOTestUtil.NewTempDir();
            NdArray.Save(dir.File("x.npy"), a, header.FortranOrder);
            Assert.That(File.ReadAllBytes(dir.File("x.npy")), Is.EqualTo(File.ReadAllBytes(path)));
        }
    }

    [TestCaseSource(nameof(BigEndianTwins))]
    public void BigEndianFixtureLoadsLikeItsLittleEndianTwin(string name)
    {
        using var be = NdArray.Load(IOTestUtil.Fixture(name));
        using var le = NdArray.Load(IOTestUtil.Fixture(name.Replace("_be_", "_le_", StringComparison.Ordinal)));
        Assert.That(IOTestUtil.ElementTexts(be), Is.EqualTo(IOTestUtil.ElementTexts(le)));
        Assert.That(be.Shape, Is.EqualTo(le.Shape));
    }

    [Test]
    public void TypedLoadOfFixtureAndMismatchMessage()
    {
        using var a = NdArray.Load<double>(IOTestUtil.Fixture("f8_le_C_v1.npy"));
        Assert.That(a[0, 2], Is.EqualTo(1.5));
        var e = Assert.Throws<InvalidCastException>(() => NdArray.Load<float>(IOTestUtil.Fixture("f8_le_C_v1.npy")));
        Assert.That(e!.Message, Does.Contain("float64").And.Contain("<f8").And.Contain("float32"));
    }

    [TestCase("stored.npz")]
    [TestCase("deflated.npz")]
    public void LoadsNumPyNpz(string name)
    {
        var expected = IOTestUtil.Expected.GetProperty(name);
        using var npz = NdArray.LoadNpz(IOTestUtil.Fixture(name));
        Assert.That(npz.Keys, Is.EqualTo(expected.EnumerateObject().Select(p => p.Name).ToArray()));
        foreach (var member in expected.EnumerateObject())
        {
            var a = npz[member.Name];
            Assert.That(a.Shape.ToArray(), Is.EqualTo(member.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray()));
            var want = member.Value.GetProperty("values").EnumerateArray().Select(e => IOTestUtil.NormalizePython(e.GetString()!, a.DType)).ToArray();
            Assert.That(IOTestUtil.ElementTexts(a), Is.EqualTo(want), member.Name);
            a.Dispose();
        }
    }
}
