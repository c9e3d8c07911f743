using System.Text.Json;

namespace ChunkCompute.Cli.Tests.Commands;

public class InfoCommandTests
{
    [Test]
    public async Task Info_OnBundledMatrix_ShowsHeaderFields()
    {
        var r = await CliRunner.RunAsync("info", CliRunner.Data("matrix_f8.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        Assert.That(r.Out, Does.Contain("(1000, 16)").And.Contain("float64").And.Contain("<f8").And.Contain("1.0"));
        Assert.That(r.Error, Is.Empty);
    }

    [Test]
    public async Task Info_Json_MatchesWhatNumPyWrote()
    {
        var r = await CliRunner.RunAsync("info", "--json", CliRunner.Data("integers_i4.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        var row = doc.RootElement[0];
        Assert.That(row.GetProperty("dtype").GetString(), Is.EqualTo("int32"));
        Assert.That(row.GetProperty("descr").GetString(), Is.EqualTo("<i4"));
        Assert.That(row.GetProperty("shape")[0].GetInt64(), Is.EqualTo(100_000));
        Assert.That(row.GetProperty("order").GetString(), Is.EqualTo("C"));
        Assert.That(row.GetProperty("data_offset").GetInt64(), Is.EqualTo(128)); // NumPy pads the header to 64 bytes
        Assert.That(row.GetProperty("data_bytes").GetInt64(), Is.EqualTo(400_000));
        Assert.That(row.GetProperty("file_bytes").GetInt64(), Is.EqualTo(400_128));
    }

    [Test]
    public async Task Info_OnNpz_ListsMembers()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("pair.npz");
        using (var a = NdArray.Arange<double>(10))
        using (var b = NdArray.Zeros<int>(2, 3))
        {
            NdArray.SaveNpz(path, a, b);
        }

        var r = await CliRunner.RunAsync("info", "--json", path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.That(doc.RootElement.GetArrayLength(), Is.EqualTo(2));
        Assert.That(doc.RootElement[0].GetProperty("member").GetString(), Is.EqualTo("arr_0"));
        Assert.That(doc.RootElement[1].GetProperty("dtype").GetString(), Is.EqualTo("int32"));
        Assert.That(doc.RootElement[1].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 2, 3 }));
    }

    [Test]
    public async Task Info_MalformedFile_ExitsTwoWithOneLine()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("bad.npy");
        await File.WriteAllBytesAsync(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{']);
        var r = await CliRunner.RunAsync("info", path);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Error, Does.StartWith("chunkcompute: error: ").And.Contain("bad.npy"));
        Assert.That(r.Out, Is.Empty);
    }
}
