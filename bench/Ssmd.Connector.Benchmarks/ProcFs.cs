using System.Diagnostics;
using System.Globalization;

namespace Ssmd.Connector.Benchmarks;

/// <summary>CPU time and resident memory of a process, as the kernel counts them (Linux /proc).</summary>
internal static class ProcFs
{
    /// <summary>User plus system CPU time the process has used so far (all its threads).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        // Process reads utime + stime from /proc/<pid>/stat and converts clock ticks properly.
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    /// <summary>Resident set size now (VmRSS), in bytes.</summary>
    public static long Rss(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Highest resident set size so far (VmHWM), in bytes.</summary>
    public static long PeakRss(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
