using System.Diagnostics;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.IO;

/// <summary>
/// Round trips through a live NumPy (<c>/usr/bin/python3</c> with numpy; CI installs python3-numpy): C# writes, NumPy
/// loads and checks values and bytes; NumPy writes (every dtype, byte order, layout and version), C# loads and checks.
/// </summary>
[TestFixture]
public class NumPyLiveTests
{

    /// <summary>The array's elements as native (little-endian) C-order bytes.</summary>
    private static byte[] RawBytes(NdArray a)
    {
        var ms = new MemoryStream();
        a.WriteBytesTo(ms, fortranOrder: false);
        return ms.ToArray();
    }

    [Test]
    public void NumPyLoadsWhatChunkComputeSaves()
    {
        LivePython.RequireNumPy();
        using var dir = IOTestUtil.NewTempDir();
        var named = new Dictionary<string, NdArray>();
        int seed = 1;
        foreach (var dtype in DType.All)
        {
            foreach (long[] shape in new[] { new long[] { 3, 5 }, [], [0, 4], [2, 3, 4] })
            {
                string shapeName = string.Join("x", shape);
                using var a = new NdRandom((ulong)seed++).Uniform(shape, -1000, 1000).AsType(dtype);
                foreach (bool fortran in new[] { false, true })
                {
                    string stem = $"cs_{dtype.Name}_{shapeName}_{(fortran ? "F" : "C")}";
                    NdArray.Save(dir.File(stem + ".npy"), a, fortran);
                    File.WriteAllBytes(dir.File(stem + ".bin"), RawBytes(a));
                }

                named[$"{dtype.Name}_{shapeName}"] = a.CopyUntyped();
            }
        }

        // A non-contiguous view, saved as it is seen.
        using var grid = NdArray.Arange<double>(60).Reshape(6, 10);
        var view = grid["1::2, ::-3"];
        NdArray.Save(dir.File("cs_view_2d_C.npy"), view);
        File.WriteAllBytes(dir.File("cs_view_2d_C.bin"), RawBytes(view));
        NdArray.SaveNpz(dir.File("cs_stored.npz"), named);
        NdArray.SaveNpz(dir.File("cs_deflated.npz"), named, compressed: true);
        foreach (var (name, a) in named)
        {
            File.WriteAllBytes(dir.File($"npz_{name}.bin"), RawBytes(a));
        }

        const string script = """
import glob, io, sys
import numpy as np
errors = []
n = 0
for f in sorted(glob.glob('cs_*.npy')):
    a = np.load(f)
    raw = open(f[:-4] + '.bin', 'rb').read()
    want = np.frombuffer(raw, dtype=a.dtype.newbyteorder('<')).reshape(a.shape) if a.size else np.zeros(a.shape, a.dtype)
    if not np.array_equal(np.array(a, order='C'), want, equal_nan=a.dtype.kind == 'f'):
        errors.append('values differ: ' + f)
    if f.endswith('_F.npy') and sum(n > 1 for n in a.shape) > 1 and not (a.flags.f_contiguous and not a.flags.c_contiguous):
        errors.append('not Fortran order: ' + f)
    buf = io.BytesIO()
    np.save(buf, a)
    if buf.getvalue() != open(f, 'rb').read():
        errors.append('bytes differ from np.save: ' + f)
    n += 1
for z in ['cs_stored.npz', 'cs_deflated.npz']:
    with np.load(z) as npz:
        for k in npz.files:
            a = npz[k]
            want = np.frombuffer(open('npz_%s.bin' % k, 'rb').read(), dtype=a.dtype).reshape(a.shape) if a.size else np.zeros(a.shape, a.dtype)
            if not np.array_equal(a, want, equal_nan=a.dtype.kind == 'f'):
                errors.append('npz values differ: %s[%s]' % (z, k))
            n += 1
print('checked', n)
print('\n'.join(errors))
sys.exit(1 if errors else 0)
""";
        var (code, output) = LivePython.Run(script, dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("checked 193"));
    }

    [Test]
    public void ChunkComputeLoadsWhatNumPySaves()
    {
        LivePython.RequireNumPy();
        using var dir = IOTestUtil.NewTempDir();
        const string script = """
import numpy as np
from numpy.lib import format as fmt
rng = np.random.default_rng(3)
codes = ['f8', 'f4', 'f2', 'i8', 'i4', 'i2', 'i1', 'u8', 'u4', 'u2', 'u1', 'b1']
named = {}
for code in codes:
    for si, shape in enumerate([(4, 6), (), (0, 2), (3, 1, 5), (7,)]):
        x = rng.uniform(-1e4, 1e4, size=shape)
        if code[0] == 'f':
            x.reshape(-1)[:1] = np.nan
        a = x.astype(code) if code != 'b1' else (x > 0)
        named['%s_%d' % (code, si)] = a
        orders = ['<', '>'] if a.dtype.itemsize > 1 else ['|']
        for bo in orders:
            b = a.astype(a.dtype.newbyteorder(bo)) if bo != '|' else a
            for layout in 'CF':
                c = np.ascontiguousarray(b) if layout == 'C' else np.asfortranarray(b)
                for version in [(1, 0), (2, 0), (3, 0)]:
                    stem = 'py_%s_%d_%s_%s_v%d' % (code, si, {'<': 'le', '>': 'be', '|': 'na'}[bo], layout, version[0])
                    with open(stem + '.npy', 'wb') as f:
                        fmt.write_array(f, c, version=version)
                    np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tofile(stem + '.bin')
np.savez('py_stored.npz', **named)
np.savez_compressed('py_deflated.npz', **named)
for k, a in named.items():
    np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tofile('npz_%s.bin' % k)
""";
        var (code, output) = LivePython.Run(script, dir.Path);
        Assert.That(code, Is.Zero, output);

        var files = Directory.GetFiles(dir.Path, "py_*.npy");
        Assert.That(files, Has.Length.EqualTo(5 * ((9 * 2 * 2 * 3) + (3 * 2 * 3))));
        foreach (string f in files)
        {
            using var a = NdArray.Load(f);
            Assert.That(RawBytes(a), Is.EqualTo(File.ReadAllBytes(Path.ChangeExtension(f, ".bin"))), f);
            var h = NdArray.ReadHeader(f);
            Assert.That(a.Shape, Is.EqualTo(h.Shape));
            if (f.Contains("_F_", StringComparison.Ordinal) && a.NDim > 1 && a.Size > 1 && a.Shape.Count(d => d > 1) > 1)
            {
                Assert.That(a.IsFContiguous && !a.IsCContiguous, Is.True, f);
            }

            if (!h.IsBigEndian)
            {
                using var m = OpenMappedUntyped(f);
                Assert.That(RawBytes(m), Is.EqualTo(RawBytes(a)), f);
            }
        }

        foreach (string z in new[] { "py_stored.npz", "py_deflated.npz" })
        {
            using var npz = NdArray.LoadNpz(dir.File(z));
            Assert.That(npz.Count, Is.EqualTo(60));
            foreach (var (k, a) in npz)
            {
                Assert.That(RawBytes(a), Is.EqualTo(File.ReadAllBytes(dir.File($"npz_{k}.bin"))), $"{z}[{k}]");
            }
        }
    }

    private static NdArray OpenMappedUntyped(string path) => NdArray.ReadHeader(path).DType.Name switch
    {
        "float64" => NdArray.OpenMapped<double>(path),
        "float32" => NdArray.OpenMapped<float>(path),
        "float16" => NdArray.OpenMapped<Half>(path),
        "int64" => NdArray.OpenMapped<long>(path),
        "int32" => NdArray.OpenMapped<int>(path),
        "int16" => NdArray.OpenMapped<short>(path),
        "int8" => NdArray.OpenMapped<sbyte>(path),
        "uint64" => NdArray.OpenMapped<ulong>(path),
        "uint32" => NdArray.OpenMapped<uint>(path),
        "uint16" => NdArray.OpenMapped<ushort>(path),
        "uint8" => NdArray.OpenMapped<byte>(path),
        _ => NdArray.OpenMapped<bool>(path),
    };
}
