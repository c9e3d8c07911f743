using System.Text.Json;

namespace ChunkCompute.Tests.TestSupport;

/// <summary>
/// Reads the JSON fixtures written by the NumPy generators under <c>Fixtures/</c> (their shared encoder is
/// <c>Fixtures/fixture_json.py</c>): floats as float64 bit patterns (<c>"bits"</c>), other dtypes as decimal strings
/// (<c>"ints"</c>), with the NumPy dtype string and shape.
/// </summary>
internal static class NumPyJsonFixture
{
    /// <summary>The <c>cases</c> of a fixture file below the test output's <c>Fixtures</c> folder, by name.</summary>
    public static Dictionary<string, JsonElement> LoadCases(string folder, string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }

    /// <summary>The array an encoded value stands for (a 0-d shape gives a scalar array).</summary>
    /// <exception cref="NotSupportedException">A dtype the generators do not write.</exception>
    public static NdArray Decode(JsonElement e)
    {
        string dtype = e.GetProperty("dtype").GetString()!;
        var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
        if (e.TryGetProperty("bits", out var bits))
        {
            var d = Make(bits.EnumerateArray().Select(x => BitConverter.Int64BitsToDouble(x.GetInt64())).ToArray(), shape);
            return dtype switch
            {
                "<f8" => d,
                "<f4" => d.AsType<float>(),
                "<f2" => d.AsType<Half>(),
                _ => throw new NotSupportedException(dtype),
            };
        }

        var s = e.GetProperty("ints").EnumerateArray().Select(x => x.GetString()!).ToArray();
        return dtype switch
        {
            "<i8" => Make(s.Select(long.Parse).ToArray(), shape),
            "<i4" => Make(s.Select(int.Parse).ToArray(), shape),
            "<i2" => Make(s.Select(short.Parse).ToArray(), shape),
            "|i1" => Make(s.Select(sbyte.Parse).ToArray(), shape),
            "<u8" => Make(s.Select(ulong.Parse).ToArray(), shape),
            "<u4" => Make(s.Select(uint.Parse).ToArray(), shape),
            "<u2" => Make(s.Select(ushort.Parse).ToArray(), shape),
            "|u1" => Make(s.Select(byte.Parse).ToArray(), shape),
            "|b1" => Make(s.Select(x => x == "1").ToArray(), shape),
            _ => throw new NotSupportedException(dtype),
        };
    }

    private static NdArray<T> Make<T>(T[] data, long[] shape)
        where T : unmanaged => shape.Length == 0 ? NdArray.Scalar(data[0]) : NdArray.FromArray(data, shape);
}
