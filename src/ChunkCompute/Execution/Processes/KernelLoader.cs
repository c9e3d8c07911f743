using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace ChunkCompute.Execution.Processes;

/// <summary>How a kernel travels to a worker: the file of its assembly, its type name and its JSON parameters.</summary>
internal sealed record KernelIdentity(string AssemblyPath, string TypeName, string Json, Type InType, Type OutType);

/// <summary>
/// Validates kernel types in the coordinator and loads them in workers. The same rules run on both sides, so a kernel
/// that a worker could not build is rejected before any chunk is sent.
/// </summary>
internal static class KernelLoader
{
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    /// <summary>Checks that <paramref name="kernel"/> can be rebuilt in another process and returns its identity.</summary>
    /// <exception cref="ArgumentException">The type is not public, is generic or abstract, lives in no assembly file, or cannot be rebuilt from JSON.</exception>
    public static KernelIdentity Describe(object kernel, Type interfaceDefinition, Type inType, Type outType)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Type type = kernel.GetType();
        string? problem = CheckType(type, interfaceDefinition.MakeGenericType(inType, outType));
        if (problem is not null)
        {
            throw new ArgumentException($"Kernel type '{type.FullName}' cannot run in a worker process: {problem}", nameof(kernel));
        }

        string json;
        try
        {
            json = JsonSerializer.Serialize(kernel, type);
            _ = JsonSerializer.Deserialize(json, type) ?? throw new JsonException("deserialized to null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException(
                $"Kernel type '{type.FullName}' cannot run in a worker process: its parameters do not round-trip through System.Text.Json ({e.GetType().Name}: {e.Message}). " +
                "Give it a public parameterless constructor and public properties, or a constructor whose parameters match its public properties.",
                nameof(kernel), e);
        }

        return new KernelIdentity(type.Assembly.Location, type.FullName!, json, inType, outType);
    }

    /// <summary>Why <paramref name="type"/> cannot be a worker kernel implementing <paramref name="expected"/>, or null.</summary>
    public static string? CheckType(Type type, Type expected)
    {
        // Built-in kernels of this library may be internal: the worker runs this very assembly.
        if (!type.IsVisible && type.Assembly != typeof(KernelLoader).Assembly)
        {
            return "it is not public (a worker can only create public types; nested types need every enclosing type public too).";
        }

        if (type.IsAbstract || type.IsInterface)
        {
            return "it is abstract or an interface.";
        }

        if (type.ContainsGenericParameters)
        {
            return "it is an open generic type.";
        }

        if (type.IsGenericType)
        {
            return "generic kernel types are not supported (their type arguments may live in other assemblies); wrap it in a non-generic type.";
        }

        if (type.Assembly.IsDynamic || string.IsNullOrEmpty(type.Assembly.Location))
        {
            return "its assembly has no file on disk (dynamic, in-memory or single-file published), so a worker cannot load it.";
        }

        if (!expected.IsAssignableFrom(type))
        {
            return $"it does not implement {Format(expected)}.";
        }

        if (!type.IsValueType && type.GetConstructor(Type.EmptyTypes) is null && type.GetConstructors().Length == 0)
        {
            return "it has no public constructor.";
        }

        return null;
    }

    /// <summary>Loads and instantiates a kernel in a worker.</summary>
    public static object Create(string assemblyPath, string typeName, string json, Type expected)
    {
        Assembly assembly = LoadAssembly(assemblyPath);
        Type type = assembly.GetType(typeName, throwOnError: false)
            ?? throw new TypeLoadException($"Type '{typeName}' was not found in '{assemblyPath}'.");
        string? problem = CheckType(type, expected);
        if (problem is not null)
        {
            throw new TypeLoadException($"Kernel type '{typeName}' from '{assemblyPath}' cannot run in a worker process: {problem}");
        }

        object? instance = json.Length == 0 || json == "{}" && type.GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance(type, nonPublic: true)
            : JsonSerializer.Deserialize(json, type);
        return instance ?? throw new InvalidOperationException($"Kernel type '{typeName}' deserialized to null from '{json}'.");
    }

    /// <summary>
    /// Resolves an assembly-qualified element or result type name as the kernel's assembly sees it (a result struct
    /// declared next to the kernel must be the kernel's copy of that type, not a second load of its assembly).
    /// </summary>
    public static Type ResolveType(string assemblyQualifiedName, string kernelAssemblyPath)
    {
        Assembly kernelAssembly = LoadAssembly(kernelAssemblyPath);
        var context = AssemblyLoadContext.GetLoadContext(kernelAssembly) ?? AssemblyLoadContext.Default;
        Type? type = Type.GetType(
            assemblyQualifiedName,
            name => string.Equals(name.Name, kernelAssembly.GetName().Name, StringComparison.OrdinalIgnoreCase) ? kernelAssembly : context.LoadFromAssemblyName(name),
            typeResolver: null,
            throwOnError: false);
        return type ?? throw new TypeLoadException($"Type '{assemblyQualifiedName}' could not be resolved in the worker.");
    }

    public static string Format(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Format))}>"
            : type.Name;

    /// <summary>Loads (once) the kernel assembly at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Assembly LoadAssembly(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"Kernel assembly '{assemblyPath}' does not exist (worker pid {Environment.ProcessId}).", assemblyPath);
        }

        return Loaded.GetOrAdd(Path.GetFullPath(assemblyPath), LoadNew);
    }

    private static Assembly LoadNew(string path)
    {
        // A kernel inside an assembly the host already has (ChunkCompute itself, or one loaded before) is that assembly.
        foreach (var existing in AssemblyLoadContext.Default.Assemblies)
        {
            if (!existing.IsDynamic && string.Equals(existing.Location, path, StringComparison.Ordinal))
            {
                return existing;
            }
        }

        return new KernelLoadContext(path).LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// One load context per kernel assembly: its private dependencies resolve from its own folder (through its
    /// <c>.deps.json</c> when present), while ChunkCompute and the framework are shared with the host so the kernel
    /// interfaces are the same types on both sides.
    /// </summary>
    private sealed class KernelLoadContext : AssemblyLoadContext
    {
        private static readonly HashSet<string> PlatformNames = BuildPlatformNames();
        private readonly AssemblyDependencyResolver? _resolver;
        private readonly string _directory;

        public KernelLoadContext(string path)
            : base($"ChunkCompute kernel {Path.GetFileName(path)}")
        {
            _directory = Path.GetDirectoryName(path)!;
            try
            {
                _resolver = new AssemblyDependencyResolver(path);
            }
            catch (InvalidOperationException)
            {
                _resolver = null;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string name = assemblyName.Name ?? string.Empty;
            if (PlatformNames.Contains(name))
            {
                return null;
            }

            // Whatever the host can bind (ChunkCompute, its dependencies next to it) is shared, never loaded twice.
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                // Not the host's: a private dependency of the kernel.
            }

            string? resolved = _resolver?.ResolveAssemblyToPath(assemblyName);
            if (resolved is null)
            {
                string candidate = Path.Combine(_directory, name + ".dll");
                resolved = File.Exists(candidate) ? candidate : null;
            }

            return resolved is null ? null : LoadFromAssemblyPath(resolved);
        }

        private static HashSet<string> BuildPlatformNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            {
                foreach (string file in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    names.Add(Path.GetFileNameWithoutExtension(file));
                }
            }

            return names;
        }
    }
}
