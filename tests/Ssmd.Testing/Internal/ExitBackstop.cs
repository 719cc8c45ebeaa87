using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ssmd.Testing.Internal;

/// <summary>
/// Stops every server still running and deletes every temp folder still present when the test host
/// ends without disposing its fixtures: a normal exit (<see cref="AppDomain.ProcessExit"/>), an
/// unhandled exception, or SIGTERM/SIGHUP (measured on .NET 10: SIGTERM ends the process without
/// raising ProcessExit, so the signals are handled here themselves). Only SIGKILL escapes it.
/// </summary>
internal static class ExitBackstop
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);
    private static readonly Lock Gate = new();
    private static readonly HashSet<LocalServerProcess> Servers = [];
    private static readonly HashSet<TempFolder> Folders = [];
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static bool _hooked;

    public static void Register(LocalServerProcess server)
    {
        lock (Gate)
        {
            Hook();
            Servers.Add(server);
        }
    }

    public static void Unregister(LocalServerProcess server)
    {
        lock (Gate)
            Servers.Remove(server);
    }

    public static void Register(TempFolder folder)
    {
        lock (Gate)
        {
            Hook();
            Folders.Add(folder);
        }
    }

    public static void Unregister(TempFolder folder)
    {
        lock (Gate)
            Folders.Remove(folder);
    }

    private static void Hook()
    {
        if (_hooked)
            return;

        _hooked = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopEverything();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => StopEverything();
        // The handler runs before the signal's default action (termination), which then goes ahead:
        // Cancel stays false. Kept in a static list: a collected registration unregisters itself.
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            Signals.Add(PosixSignalRegistration.Create(signal, _ => StopEverything()));
    }

    private static void StopEverything()
    {
        LocalServerProcess[] servers;
        TempFolder[] folders;
        lock (Gate)
        {
            servers = [.. Servers];
            folders = [.. Folders];
        }

        // Signal all first so they shut down side by side, then share one grace period.
        foreach (var server in servers)
            server.SignalStop();

        var elapsed = Stopwatch.StartNew();
        foreach (var server in servers)
            server.WaitOrKill(TimeSpan.FromTicks(Math.Max(0, (GracePeriod - elapsed.Elapsed).Ticks)));

        foreach (var folder in folders)
        {
            try
            {
                folder.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ssmd tests: could not delete {folder.Path} at exit: {e.Message}");
            }
        }
    }
}
