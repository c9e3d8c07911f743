using System.Reflection;
using System.Runtime.Loader;

namespace ChunkCompute.Worker;

/// <summary>
/// Entry point of a process-pool worker: <c>dotnet ChunkCompute.Worker.dll &lt;path of ChunkCompute.dll&gt; [args…]</c>.
/// Loads the library the coordinator runs and hands control to its worker loop (which speaks the frame protocol
/// on stdin/stdout; see <c>ChunkCompute.Execution.Processes.WorkerProtocol</c>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: dotnet ChunkCompute.Worker.dll <path of ChunkCompute.dll> [worker args] (started by ChunkCompute.Execution.Processes.ProcessPool)");
            return 64;
        }

        string libraryPath = Path.GetFullPath(args[0]);
        string libraryDirectory = Path.GetDirectoryName(libraryPath)!;

        // The library's own dependencies (System.Numerics.Tensors, …) sit next to it in the consumer's output.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string candidate = Path.Combine(libraryDirectory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };

        Assembly library = AssemblyLoadContext.Default.LoadFromAssemblyPath(libraryPath);
        Type host = library.GetType("ChunkCompute.Execution.Processes.WorkerHost", throwOnError: true)!;
        MethodInfo run = host.GetMethod("Run", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new MissingMethodException("ChunkCompute.Execution.Processes.WorkerHost", "Run");
        return (int)run.Invoke(null, [args[1..]])!;
    }
}
