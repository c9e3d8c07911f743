using System.Diagnostics;
using System.Text.Json;
using ChunkCompute;

namespace ChunkCompute.Tests.TestSupport;

/// <summary>Loads the committed NumPy fixtures (tests/ChunkCompute.Tests/Fixtures) and runs the live NumPy oracle.</summary>
public static class Fixtures
{
    /// <summary>Full path of a fixture file, e.g. <c>Path("arrays", "cast_table.json")</c>.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([TestContext.CurrentContext.TestDirectory, "Fixtures", .. parts]);

    /// <summary>Parses a JSON fixture.</summary>
    public static JsonElement Json(params string[] parts)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path(parts)));
        return doc.RootElement.Clone();
    }

    /// <summary>Parses a JSON fixture outside a running test (e.g. in a TestCaseSource), relative to the test assembly.</summary>
    public static JsonElement JsonStatic(params string[] parts)
    {
        string dir = System.IO.Path.GetDirectoryName(typeof(Fixtures).Assembly.Location)!;
        string path = System.IO.Path.Combine([dir, "Fixtures", .. parts]);
        return Cache.GetOrAdd(path, static p =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(p));
            return doc.RootElement.Clone();
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonElement> Cache = new();

    /// <summary>Bytes from a lowercase hex string.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>A 1-D array of <paramref name="dtype"/> holding little-endian <paramref name="bytes"/>.</summary>
    public static NdArray FromBytes(DType dtype, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(bytes);
        return dtype.Code switch
        {
            0 => Make<double>(bytes),
            1 => Make<float>(bytes),
            2 => Make<Half>(bytes),
            3 => Make<long>(bytes),
            4 => Make<int>(bytes),
            5 => Make<short>(bytes),
            6 => Make<sbyte>(bytes),
            7 => Make<ulong>(bytes),
            8 => Make<uint>(bytes),
            9 => Make<ushort>(bytes),
            10 => Make<byte>(bytes),
            _ => Make<bool>(bytes),
        };
    }

    /// <summary>Typed version of <see cref="FromBytes(DType, byte[])"/>.</summary>
    public static NdArray<T> FromBytes<T>(byte[] bytes) where T : unmanaged => Make<T>(bytes);

    /// <summary>The C-order element bytes of any array.</summary>
    public static byte[] ToBytes(NdArray a)
    {
        ArgumentNullException.ThrowIfNull(a);
        using var ms = new MemoryStream();
        a.WriteBytesTo(ms, fortranOrder: false);
        return ms.ToArray();
    }

    private static NdArray<T> Make<T>(byte[] bytes) where T : unmanaged =>
        NdArray.FromArray(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray());

    /// <summary>
    /// Runs <paramref name="script"/> with /usr/bin/python3 and returns its standard output, or calls
    /// <see cref="Assert.Ignore(string)"/> when Python or NumPy is missing.
    /// </summary>
    public static string RunNumPy(string script)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            Assert.Ignore("python3 not installed; the committed fixtures cover this");
        }

        // The script goes through stdin: long scripts exceed the argument-length limit.
        var psi = new ProcessStartInfo(python, ["-"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = stderrTask.GetAwaiter().GetResult();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("python3 did not finish in 60 s");
        }

        if (p.ExitCode != 0)
        {
            if (stderr.Contains("No module named 'numpy'", StringComparison.Ordinal))
            {
                Assert.Ignore("numpy not installed; the committed fixtures cover this");
            }

            Assert.Fail($"python3 failed ({p.ExitCode}): {stderr}");
        }

        return stdout;
    }
}
