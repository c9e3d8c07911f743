using Parquet;
using Parquet.Schema;

namespace ChunkCompute.Cli.Tests.Commands;

public class ConvertCommandTests
{
    [Test]
    public async Task Convert_Csv_ByName_ParsesNumbersQuotesAndMissingValues()
    {
        using var tmp = new TempFolder();
        string csv = tmp.File("in.csv");
        await File.WriteAllTextAsync(csv, "date,\"value, in mm\",label\n2020-01-01,1.5,a\n2020-01-02,\"-2e3\",\"b,c\"\n2020-01-03,,d\n2020-01-04,NA,e\n2020-01-05,  7 ,f\n");
        var r = await CliRunner.RunAsync("convert", csv, tmp.File("out.npy"), "--column", "value, in mm");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> a = NdArray.Load<double>(tmp.File("out.npy"));
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 1.5, -2000, double.NaN, double.NaN, 7 }));
    }

    /// <summary>RFC 4180: a quoted field may hold a line break; the record continues on the next line.</summary>
    [Test]
    public async Task Convert_Csv_QuotedFieldsMaySpanLines()
    {
        using var tmp = new TempFolder();
        string csv = tmp.File("ml.csv");
        await File.WriteAllTextAsync(csv, "id,note,v\n1,\"two\nlines\",2.5\n2,\"say \"\"hi\"\"\n\",3\n3,plain,4\n");
        var r = await CliRunner.RunAsync("convert", csv, tmp.File("out.npy"), "--column", "v");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> a = NdArray.Load<double>(tmp.File("out.npy"));
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 2.5, 3, 4 }));

        await File.WriteAllTextAsync(csv, "id,v\n1,\"open\n2,3\n");
        var bad = await CliRunner.RunAsync("convert", csv, tmp.File("bad.npy"), "--column", "v");
        Assert.That(bad.ExitCode, Is.EqualTo(2), bad.ToString);
        Assert.That(bad.Error, Does.Contain("ml.csv:2: unterminated quoted field"));
    }

    /// <summary>np.savetxt writes infinities as inf/-inf (np.loadtxt reads them, and +inf); they convert.</summary>
    [Test]
    public async Task Convert_Csv_ReadsNumPysInfinities()
    {
        using var tmp = new TempFolder();
        string csv = tmp.File("np.csv");
        await File.WriteAllTextAsync(csv, "v\n1.5\ninf\n-inf\n+INF\nnan\nInfinity\n");
        var r = await CliRunner.RunAsync("convert", csv, tmp.File("out.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> a = NdArray.Load<double>(tmp.File("out.npy"));
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 1.5, double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NaN, double.PositiveInfinity }));
    }

    [Test]
    public async Task Convert_Csv_DefaultColumnSkipsDate_AndDtypeOption()
    {
        using var tmp = new TempFolder();
        string csv = tmp.File("in.csv");
        await File.WriteAllTextAsync(csv, "date,n\n2020-01-01,3\n2020-01-02,4\n");
        var r = await CliRunner.RunAsync("convert", csv, tmp.File("out.npy"), "--dtype", "int32");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<int> a = NdArray.Load<int>(tmp.File("out.npy"));
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public async Task Convert_BundledSeattleCsv_MatchesCommittedNpy()
    {
        using var tmp = new TempFolder();
        string csv = Path.Combine(CliRunner.BaseDirectory, "Fixtures", "seattle-weather.csv");
        var r = await CliRunner.RunAsync("convert", csv, tmp.File("t.npy"), "--column", "temp_max");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString);
        using NdArray<double> mine = NdArray.Load<double>(tmp.File("t.npy"));
        using NdArray<double> numpys = NdArray.Load<double>(CliRunner.Data("seattle_daily_temp_max.npy"));
        Assert.That(mine.ArrayEquals(numpys), Is.True);
        Assert.That(await File.ReadAllBytesAsync(tmp.File("t.npy")), Is.EqualTo(await File.ReadAllBytesAsync(CliRunner.Data("seattle_daily_temp_max.npy"))), "same bytes as np.save");
    }

    [Test]
    public async Task Convert_Parquet_KeepsColumnTypeAndMapsNullsToNaN()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("in.parquet");
        var schema = new ParquetSchema(new DataField<string>("name"), new DataField<int>("count"), new DataField<double?>("score"));
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            // Two row groups, to check they are concatenated in order.
            foreach (int g in new[] { 0, 1 })
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(schema.DataFields[0], new[] { $"a{g}", $"b{g}" });
                await group.WriteAsync<int>(schema.DataFields[1], new[] { (10 * g) + 1, (10 * g) + 2 });
                await group.WriteAsync<double>(schema.DataFields[2], new double?[] { g + 0.5, g == 1 ? null : 2.5 });
            }
        }

        var r1 = await CliRunner.RunAsync("convert", path, tmp.File("count.npy"));
        Assert.That(r1.ExitCode, Is.EqualTo(0), r1.ToString);
        using (NdArray<int> counts = NdArray.Load<int>(tmp.File("count.npy")))
        {
            Assert.That(counts.ToArray(), Is.EqualTo(new[] { 1, 2, 11, 12 }));
        }

        var r2 = await CliRunner.RunAsync("convert", path, tmp.File("score.npy"), "-c", "score");
        Assert.That(r2.ExitCode, Is.EqualTo(0), r2.ToString);
        using NdArray<double> scores = NdArray.Load<double>(tmp.File("score.npy"));
        Assert.That(scores.ToArray(), Is.EqualTo(new[] { 0.5, 2.5, 1.5, double.NaN }));

        var r3 = await CliRunner.RunAsync("convert", path, tmp.File("name.npy"), "-c", "name");
        Assert.That(r3.ExitCode, Is.EqualTo(2), r3.ToString);
        Assert.That(r3.Error, Does.Contain("not numeric"));
    }

    [TestCase("date,x\n2020,1\n2021,abc\n", "x", "in.csv:3: column 'x' holds 'abc', which is not a number")]
    [TestCase("date,x\n2020,1\n", "y", "no column named 'y'; columns: date, x")]
    [TestCase("date,x\n2020,\"1\n", "x", "unterminated quoted field")]
    [TestCase("", "x", "the file is empty")]
    public async Task Convert_BadCsv_ExitsTwoWithOneLineAndNoOutput(string content, string column, string message)
    {
        using var tmp = new TempFolder();
        await File.WriteAllTextAsync(tmp.File("in.csv"), content);
        var r = await CliRunner.RunAsync("convert", tmp.File("in.csv"), tmp.File("out.npy"), "--column", column);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Error, Does.Contain(message));
        Assert.That(tmp.Files(), Is.EquivalentTo(new[] { "in.csv" }));
    }

    [Test]
    public async Task Convert_NotParquet_ExitsTwo()
    {
        using var tmp = new TempFolder();
        await File.WriteAllTextAsync(tmp.File("in.parquet"), "this is not parquet");
        var r = await CliRunner.RunAsync("convert", tmp.File("in.parquet"), tmp.File("out.npy"));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString);
        Assert.That(r.Error, Does.StartWith("chunkcompute: error: ").And.Contain("in.parquet"));
        Assert.That(tmp.Files(), Is.EquivalentTo(new[] { "in.parquet" }));
    }
}
