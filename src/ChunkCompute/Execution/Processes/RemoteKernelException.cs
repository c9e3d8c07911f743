namespace ChunkCompute.Execution.Processes;

/// <summary>
/// A kernel threw inside a worker process. The exception object itself cannot cross the process boundary, so this
/// carries its type name, message and full text (with the remote stack trace). A map reports it as the
/// <see cref="Exception.InnerException"/> of a <see cref="ChunkFailedException"/>; it is not retried by default
/// (kernel failures are deterministic).
/// </summary>
public sealed class RemoteKernelException : Exception
{
    /// <summary>Creates the exception from the remote exception's parts.</summary>
    /// <param name="remoteType">Full name of the exception type thrown in the worker.</param>
    /// <param name="remoteMessage">Its message.</param>
    /// <param name="remoteStackTrace">Its <c>ToString()</c> text in the worker (includes the stack trace).</param>
    /// <param name="workerProcessId">The worker's process id.</param>
    public RemoteKernelException(string remoteType, string remoteMessage, string remoteStackTrace, int workerProcessId)
        : base($"{remoteType}: {remoteMessage} (thrown in worker process {workerProcessId})")
    {
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        RemoteStackTrace = remoteStackTrace;
        WorkerProcessId = workerProcessId;
    }

    /// <summary>Creates an empty exception (serialization, tests).</summary>
    public RemoteKernelException()
        : this("System.Exception", "a kernel failed in a worker process", string.Empty, 0)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public RemoteKernelException(string message)
        : this("System.Exception", message, string.Empty, 0)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RemoteKernelException(string message, Exception innerException)
        : base(message, innerException)
    {
        RemoteType = innerException?.GetType().FullName ?? "System.Exception";
        RemoteMessage = message;
        RemoteStackTrace = string.Empty;
    }

    internal RemoteKernelException(RemoteError error, int workerProcessId)
        : this(error.Type, error.Message, error.StackTrace, workerProcessId)
    {
    }

    /// <summary>Full name of the exception type thrown in the worker, e.g. <c>System.DivideByZeroException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's message.</summary>
    public string RemoteMessage { get; }

    /// <summary>The remote exception's full text, including its stack trace in the worker.</summary>
    public string RemoteStackTrace { get; }

    /// <summary>Process id of the worker it was thrown in.</summary>
    public int WorkerProcessId { get; }

    /// <summary>This exception, followed by the remote exception's text and stack.</summary>
    public override string ToString() => $"{base.ToString()}{Environment.NewLine}--- remote exception in worker {WorkerProcessId} ---{Environment.NewLine}{RemoteStackTrace}";
}
