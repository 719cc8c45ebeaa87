using Ssmd.Testing.Internal;

namespace Ssmd.Testing;

/// <summary>Linux process facts read from /proc, for asserting that nothing outlives a test.</summary>
public static class ProcessTree
{
    public const int SigInt = Posix.SigInt;
    public const int SigKill = Posix.SigKill;
    public const int SigTerm = Posix.SigTerm;

    /// <summary>The live children of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var p) ? p : 0)
            .Where(p => p > 0 && IsAlive(p) && TryReadStat(p, out var parent, out _) && parent == pid)];

    /// <summary>Every live process below <paramref name="rootPid"/>, with its command name.</summary>
    public static IReadOnlyDictionary<int, string> Descendants(int rootPid)
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryReadStat(pid, out var parent, out var name))
            {
                parents[pid] = (parent, name);
            }
        }

        var result = new Dictionary<int, string>();
        foreach (var (pid, (_, name)) in parents)
        {
            for (var p = pid; parents.TryGetValue(p, out var entry) && p > 1; p = entry.Parent)
            {
                if (entry.Parent == rootPid)
                {
                    result[pid] = name;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Every live process an Aspire AppHost started: its own descendants, plus the DCP orchestrator
    /// (which detaches into its own session and names the AppHost with <c>--monitor PID</c>) and all
    /// of DCP's descendants: the executables, projects and the dashboard.
    /// </summary>
    public static IReadOnlyDictionary<int, string> AspireTree(int appHostPid)
    {
        var tree = new Dictionary<int, string>(Descendants(appHostPid));
        var monitors = tree.Keys.Append(appHostPid).Select(pid => $"--monitor {pid} ").ToList();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryReadCommandLine(pid, out var commandLine) &&
                commandLine.Contains(" start-apiserver ", StringComparison.Ordinal) &&
                monitors.Any(m => commandLine.Contains(m, StringComparison.Ordinal)))
            {
                tree[pid] = "dcp";
                foreach (var (child, name) in Descendants(pid))
                {
                    tree[child] = name;
                }
            }
        }

        return tree;
    }

    /// <summary>True while the process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyDictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    /// <summary>Whether <paramref name="signal"/> is ignored by the process (as SIGINT is under a background shell).</summary>
    public static bool Ignores(int pid, int signal)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    /// <summary>Sends a signal to a whole process group, as a terminal's Ctrl+C does.</summary>
    public static void SignalGroup(int processGroup, int signal)
    {
        if (!Posix.Signal(-processGroup, signal))
        {
            throw new InvalidOperationException($"kill(-{processGroup}, {signal}) failed");
        }
    }

    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<int> alive;
        do
        {
            alive = pids.Where(IsAlive).ToList();
            if (alive.Count == 0)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return alive;
    }

    public static string Describe(int pid) =>
        TryReadStat(pid, out _, out var name)
            ? $"{pid} ({name}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})"
            : $"{pid}";

    private static bool TryReadCommandLine(int pid, out string commandLine)
    {
        try
        {
            commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            commandLine = "";
            return false;
        }
    }

    private static bool TryReadStat(int pid, out int parent, out string name)
    {
        parent = 0;
        name = "";
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            name = stat[(open + 1)..close];
            parent = int.Parse(stat[(close + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
