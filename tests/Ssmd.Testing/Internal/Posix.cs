using System.Runtime.InteropServices;

namespace Ssmd.Testing.Internal;

/// <summary>
/// The two libc calls .NET has no managed API for: sending a chosen signal (Process.Kill only sends
/// SIGKILL, which leaves a PostgreSQL cluster "in production") and asking whether we are root.
/// </summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it no longer exists.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
