using System.Diagnostics;
using System.Text;
using ChunkCompute.IO;
using ChunkCompute.Storage;

namespace ChunkCompute.Tests.IO;

/// <summary>
/// Seeded fuzzing: mutations of valid files (bit flips, truncations, extensions, header text edits, length-field
/// changes) through Load and OpenMapped raise only the documented exceptions — NpyFormatException for malformed
/// input, NotSupportedException for valid but unsupported dtypes, InvalidCastException when a typed open meets another
/// dtype — each within 100 ms (a robustness contract: no hang, no huge allocation).
/// </summary>
[TestFixture]
public class NpyFuzzTests
{
    private const int Seed = 20240601;
    private const int StreamCases = 30_000;
    private const int MappedCases = 1_000;
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromMilliseconds(100);

    private static List<(string Name, byte[] Bytes)> Corpus()
    {
        var corpus = new List<(string, byte[])>();
        void Add(string name, NdArray a, bool fortran = false, int major = 1)
        {
            var ms = new MemoryStream();
            NdArray.Save(ms, a, fortran, new Version(major, 0));
            corpus.Add((name, ms.ToArray()));
        }

        Add("f8 3x4 C v1", NdArray.Arange<double>(12).Reshape(3, 4));
        Add("i2 3x4 F v2", NdArray.Arange<short>(12).Reshape(3, 4), fortran: true, major: 2);
        Add("b1 0-d v3", NdArray.Scalar(true), major: 3);
        Add("u1 empty", NdArray.Zeros<byte>(0, 5));
        Add("f4 1-d 100", NdArray.Arange<float>(100));
        Add("u8 2x3x4", NdArray.Arange<ulong>(24).Reshape(2, 3, 4), fortran: true);
        foreach (string f in new[] { "i4_be_C_v1.npy", "f2_be_F_v3.npy", "f8_le_F_v2.npy" })
        {
            corpus.Add((f, File.ReadAllBytes(IOTestUtil.Fixture(f))));
        }

        return corpus;
    }

    private static readonly string[] Tokens =
    [
        "(", ")", ",", ":", "'", "\"", "{", "}", "[", "]", "-", "0", "1", "9", " ", "\n", "\\", "True", "False", "None",
        "99999999999999999999", "4294967296", "-1", "'<f8'", "'>i4'", "'|O'", "'<U4'", "[('a','<f8')]", "L", "é", "\0",
    ];

    /// <summary>One seeded mutation of <paramref name="original"/>; <paramref name="what"/> describes it for failure messages.</summary>
    internal static byte[] Mutate(byte[] original, Random rng, out string what)
    {
        int headerEnd = Math.Min(original.Length, 128);
        byte[] b = (byte[])original.Clone();
        switch (rng.Next(7))
        {
            case 0:
                {
                    int flips = rng.Next(1, 5);
                    var sb = new StringBuilder("bit flips at");
                    for (int i = 0; i < flips; i++)
                    {
                        int pos = rng.Next(3) < 2 ? rng.Next(headerEnd) : rng.Next(b.Length);
                        b[pos] ^= (byte)(1 << rng.Next(8));
                        sb.Append(' ').Append(pos);
                    }

                    what = sb.ToString();
                    return b;
                }

            case 1:
                {
                    int len = rng.Next(b.Length);
                    what = $"truncated to {len}";
                    return b[..len];
                }

            case 2:
                {
                    int extra = rng.Next(1, 200);
                    var tail = new byte[extra];
                    rng.NextBytes(tail);
                    what = $"extended by {extra}";
                    return [.. b, .. tail];
                }

            case 3:
                {
                    // Replace a span of header text with a token.
                    int start = rng.Next(10, Math.Max(11, headerEnd - 1));
                    int del = rng.Next(0, 6);
                    del = Math.Min(del, b.Length - start);
                    byte[] token = Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)]);
                    what = $"header edit at {start}: delete {del}, insert '{Encoding.UTF8.GetString(token)}'";
                    return [.. b[..start], .. token, .. b[(start + del)..]];
                }

            case 4:
                {
                    // Rewrite the header length field.
                    int major = b.Length > 6 ? b[6] : 1;
                    uint value = rng.Next(3) switch
                    {
                        0 => (uint)rng.Next(0, 200),
                        1 => (uint)rng.Next(),
                        _ => uint.MaxValue - (uint)rng.Next(100),
                    };
                    if (b.Length >= 12)
                    {
                        b[8] = (byte)value;
                        b[9] = (byte)(value >> 8);
                        if (major != 1)
                        {
                            b[10] = (byte)(value >> 16);
                            b[11] = (byte)(value >> 24);
                        }
                    }

                    what = $"header_len := {value}";
                    return b;
                }

            case 5:
                {
                    // Change a digit of the shape (can claim huge sizes).
                    string text = Encoding.Latin1.GetString(b, 0, headerEnd);
                    int shapeAt = text.IndexOf("'shape': (", StringComparison.Ordinal);
                    if (shapeAt < 0)
                    {
                        goto case 0;
                    }

                    int at = shapeAt + 10;
                    string[] replacements = ["1099511627776", "0", "-3", "7", "4611686018427387904", "2147483648", "3, 4, 5", ""];
                    string r = replacements[rng.Next(replacements.Length)];
                    int end = text.IndexOf(')', at);
                    if (end < 0)
                    {
                        goto case 0;
                    }

                    what = $"shape := ({r})";
                    byte[] repl = Encoding.Latin1.GetBytes(r + (r.Contains(',', StringComparison.Ordinal) || r.Length == 0 ? string.Empty : ","));
                    return [.. b[..at], .. repl, .. b[end..]];
                }

            default:
                {
                    // Random bytes over a random range of the header.
                    int start = rng.Next(headerEnd);
                    int len = rng.Next(1, 16);
                    for (int i = start; i < Math.Min(b.Length, start + len); i++)
                    {
                        b[i] = (byte)rng.Next(256);
                    }

                    what = $"random bytes at {start}..{start + len}";
                    return b;
                }
        }
    }

    private static bool IsDocumented(Exception e) => e is NpyFormatException or NotSupportedException or InvalidCastException;

    /// <summary>
    /// Runs one case; true when it raised a documented exception. Fails the test on any other exception. The time is
    /// the fastest of up to three runs when the first exceeds the limit: a genuinely slow path (a hang, a huge
    /// allocation) is slow every time, while preemption on a loaded machine is not.
    /// </summary>
    private static bool RunCase(Action action, string description, ref TimeSpan worst, ref string worstCase)
    {
        bool rejected = false;
        var best = TimeSpan.MaxValue;
        for (int attempt = 0; attempt < 3 && best >= PerCaseLimit; attempt++)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                action();
                rejected = false;
            }
            catch (Exception e) when (IsDocumented(e))
            {
                rejected = true;
            }
            catch (Exception e)
            {
                Assert.Fail($"{description}: undocumented {e.GetType().Name}: {e.Message}");
            }

            sw.Stop();
            best = sw.Elapsed < best ? sw.Elapsed : best;
        }

        if (best > worst)
        {
            worst = best;
            worstCase = description;
        }

        return rejected;
    }

    [Test]
    public void ThirtyThousandMutationsThroughLoadRaiseOnlyDocumentedExceptions()
    {
        var corpus = Corpus();
        var rng = new Random(Seed);
        var worst = TimeSpan.Zero;
        string worstCase = string.Empty;
        int rejected = 0;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < StreamCases; i++)
        {
            var (name, bytes) = corpus[i % corpus.Count];
            byte[] mutated = Mutate(bytes, rng, out string what);
            bool r = RunCase(
                () =>
                {
                    using var a = NdArray.Load(new MemoryStream(mutated, writable: false));
                    _ = a.Size;
                },
                $"case {i} ({name}, {what})",
                ref worst,
                ref worstCase);
            rejected += r ? 1 : 0;
        }

        TestContext.Out.WriteLine($"{StreamCases} cases, {rejected} rejected, total {total.Elapsed.TotalSeconds:F2} s, slowest {worst.TotalMilliseconds:F2} ms: {worstCase}");
        Assert.That(rejected, Is.GreaterThan(StreamCases / 2), "most mutations must be detected");
        Assert.That(worst, Is.LessThan(PerCaseLimit), worstCase);
    }

    [Test]
    public void MutationsThroughOpenMappedAndFileLoadRaiseOnlyDocumentedExceptions()
    {
        var corpus = Corpus();
        var rng = new Random(Seed + 1);
        using var dir = IOTestUtil.NewTempDir();
        string path = dir.File("fuzz.npy");
        var worst = TimeSpan.Zero;
        string worstCase = string.Empty;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < MappedCases; i++)
        {
            var (name, bytes) = corpus[i % corpus.Count];
            byte[] mutated = Mutate(bytes, rng, out string what);
            File.WriteAllBytes(path, mutated);
            string description = $"case {i} ({name}, {what})";
            RunCase(
                () =>
                {
                    using var m = OpenMappedAs(name, path);
                    _ = m.CopyUntyped();
                },
                description + " OpenMapped",
                ref worst,
                ref worstCase);
            RunCase(() => NdArray.Load(path).Dispose(), description + " Load(path)", ref worst, ref worstCase);
            RunCase(() => NdArray.ReadHeader(path), description + " ReadHeader", ref worst, ref worstCase);
        }

        TestContext.Out.WriteLine($"{MappedCases} mapped cases, total {total.Elapsed.TotalSeconds:F2} s, slowest {worst.TotalMilliseconds:F2} ms: {worstCase}");
        Assert.That(worst, Is.LessThan(PerCaseLimit), worstCase);
    }

    private static NdArray OpenMappedAs(string name, string path) => name[..2] switch
    {
        "f8" => NdArray.OpenMapped<double>(path),
        "i2" => NdArray.OpenMapped<short>(path),
        "b1" => NdArray.OpenMapped<bool>(path),
        "u1" => NdArray.OpenMapped<byte>(path),
        "f4" => NdArray.OpenMapped<float>(path),
        "u8" => NdArray.OpenMapped<ulong>(path),
        "i4" => NdArray.OpenMapped<int>(path),
        "f2" => NdArray.OpenMapped<Half>(path, MapMode.CopyOnWrite),
        _ => throw new InvalidOperationException(name),
    };
}
