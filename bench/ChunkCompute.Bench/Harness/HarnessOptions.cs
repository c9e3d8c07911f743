namespace ChunkCompute.Bench.Harness;

/// <summary>
/// The harness's own command-line switches, removed before BenchmarkDotNet sees the arguments:
/// <list type="bullet">
/// <item><c>--harness</c>: run the dataset-parameterised suites (<c>ChunkCompute.Bench.Harness.*</c> unless a
/// <c>--filter</c> is given) and write the report + chart under <c>bench/results/</c>.</item>
/// <item><c>--smoke</c>: <c>--harness</c> with BenchmarkDotNet's dry job in-process (<c>--job dry --inProcess</c>):
/// every case runs once, in seconds — for CI.</item>
/// <item><c>--datasets a,b</c>: only these dataset files (names as in <c>data/</c>).</item>
/// </list>
/// </summary>
public sealed record HarnessOptions(bool Enabled, string[] Arguments, string? JobName)
{
    public static HarnessOptions Parse(string[] args)
    {
        var rest = new List<string>();
        bool harness = false, smoke = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--harness":
                    harness = true;
                    break;
                case "--smoke":
                    harness = smoke = true;
                    break;
                case "--datasets" when i + 1 < args.Length:
                    Environment.SetEnvironmentVariable(HarnessDatasets.Variable, args[++i]);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (!harness)
        {
            return new HarnessOptions(false, args, null);
        }

        if (!rest.Any(a => a is "--filter" or "-f"))
        {
            rest.AddRange(["--filter", "ChunkCompute.Bench.Harness.*"]);
        }

        if (smoke)
        {
            rest.AddRange(["--job", "dry", "--inProcess"]);
        }
        else if (!rest.Contains("--buildTimeout") && !rest.Contains("--inProcess") && !rest.Contains("-i"))
        {
            // BenchmarkDotNet gives its generated project 2 minutes to build: not enough on a loaded 2-core machine.
            rest.AddRange(["--buildTimeout", "900"]);
        }

        int job = rest.IndexOf("--job");
        string? jobName = job >= 0 && job + 1 < rest.Count ? rest[job + 1] : null;
        return new HarnessOptions(true, rest.ToArray(), jobName);
    }
}
