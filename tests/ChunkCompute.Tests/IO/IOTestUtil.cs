using System.Globalization;
using System.Text.Json;

namespace ChunkCompute.Tests.IO;

/// <summary>Shared helpers for the IO tests: fixture paths, temp directories, value comparison against NumPy's text.</summary>
internal static class IOTestUtil
{
    public static string FixtureDir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "npy");

    public static string Fixture(string name) => Path.Combine(FixtureDir, name);

    private static JsonDocument? s_expected;

    public static JsonElement Expected => (s_expected ??= JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")))).RootElement;

    /// <summary>A fresh temp directory deleted on dispose.</summary>
    public static TempDir NewTempDir() => new();

    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cc-io-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The elements of <paramref name="a"/> in C order as exact text comparable with the fixture sidecar.</summary>
    public static string[] ElementTexts(NdArray a)
    {
        switch (a.DType.Kind)
        {
            case DTypeKind.Float:
                return a.AsType<double>().ToArray().Select(FloatText).ToArray();
            case DTypeKind.SignedInteger:
                return a.AsType<long>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            case DTypeKind.UnsignedInteger:
                return a.AsType<ulong>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            default:
                return a.AsType<byte>().ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
    }

    /// <summary>Normalises Python float repr text ("nan", "inf", "-0.0", "1e-07") to a canonical form.</summary>
    public static string NormalizePython(string text, DType dtype)
    {
        if (!dtype.IsFloatingPoint)
        {
            return text;
        }

        double v = text switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        };
        return FloatText(v);
    }

    private static string FloatText(double v) =>
        double.IsNaN(v) ? "nan" : BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture);
}
