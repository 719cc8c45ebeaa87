namespace Ssmd.Testing.Internal;

/// <summary>How to start one kind of server and tell when it is ready.</summary>
internal sealed class LocalServerSpec
{
    /// <summary>The name used in messages, e.g. <c>nats-server</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The executable (a wrapper such as setpriv when the server runs as another user).</summary>
    public required string FileName { get; init; }

    /// <summary>The server's folder; also the working directory, so a server running as another user can read it.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>How many free loopback ports the server needs.</summary>
    public int PortCount { get; init; } = 1;

    /// <summary>Ports to use instead of fresh ones (a restart on the ports clients already know); null = fresh.</summary>
    public int[]? FixedPorts { get; init; }

    /// <summary>The arguments for the given ports.</summary>
    public required Func<int[], IReadOnlyList<string>> Arguments { get; init; }

    /// <summary>True once the server answers; false while it is still starting. Must not throw for "not yet".</summary>
    public required Func<int[], CancellationToken, Task<bool>> IsReadyAsync { get; init; }

    /// <summary>The graceful stop signal (SIGINT is PostgreSQL's fast shutdown; SIGTERM its slow, "smart" one).</summary>
    public int StopSignal { get; init; } = Posix.SigTerm;

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop may take before the process tree is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
