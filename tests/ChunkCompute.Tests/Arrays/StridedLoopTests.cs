using ChunkCompute;
using ChunkCompute.Execution;
using ChunkCompute.Tests.TestSupport;

namespace ChunkCompute.Tests.Arrays;

/// <summary>Parallel Fill/CopyTo/AsType split runs at arbitrary element boundaries; every split must equal the sequential result.</summary>
public class StridedLoopTests
{
    [Test]
    public void ParallelSplitsAtAnyElementBoundaryMatchSequential()
    {
        var rng = new Random(77);
        for (int trial = 0; trial < 150; trial++)
        {
            int ndim = rng.Next(1, 5);
            long[] shape = Enumerable.Range(0, ndim).Select(_ => (long)rng.Next(1, 9)).ToArray();
            var baseArray = NdArray.Arange<int>(new Shape(shape).Size).Reshape(shape);
            var index = Enumerable.Range(0, ndim).Select(_ => rng.Next(4) switch
            {
                0 => Slice.All,
                1 => Slice.Range(null, null, -1),
                2 => Slice.Range(rng.Next(0, 2), null, rng.Next(1, 3)),
                _ => Slice.Range(null, null, -2),
            }).ToArray();
            var view = baseArray.Slice(index);
            if (rng.Next(2) == 0 && view.NDim > 1)
            {
                view = view.T;
            }

            var expected = NdArray.FromArray(view.ToArray(), view.Shape.ToArray());
            foreach (int threads in new[] { 2, 3, 8 })
            {
                foreach (long minimum in new[] { 1L, 2L, 3L, 5L })
                {
                    using var scope = ExecutionSettings.Use(new ExecutionSettings(threads) { MinimumElementsPerTask = minimum });
                    string what = $"trial {trial}: shape {Shape.Format(shape)} index [{string.Join(", ", index)}] threads {threads} minimum {minimum}";
                    var copy = NdArray.Zeros<int>(view.Shape.ToArray());
                    view.CopyTo(copy);
                    NdAssert.AreEqual(expected, copy, message: what);
                    NdAssert.AreEqual(expected.AsType<long>(), view.AsType<long>(), message: what);
                    var target = NdArray.Zeros<int>(shape);
                    var targetView = target.Slice(index);
                    if (targetView.Shape != view.Shape)
                    {
                        targetView = targetView.T;
                    }

                    targetView.Fill(1);
                    Assert.That(target.ToArray().Sum(), Is.EqualTo(targetView.Size), what + " (fill)");
                    Assert.That(targetView.ToArray(), Is.All.EqualTo(1), what + " (fill)");
                }
            }
        }
    }
}
