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

    /// <summary>Where the resident memory is (/proc/pid/smaps_rollup): anonymous (heaps, stacks) versus file-backed (mapped assemblies, native libraries).</summary>
    public static string Breakdown(int pid)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[2] == "kB")
                fields[parts[0].TrimEnd(':')] = long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        long Mb(string name) => fields.GetValueOrDefault(name) / 1024;
        return $"RSS {Mb("Rss")} MB = anonymous {Mb("Anonymous")} MB + file-backed {Mb("Rss") - Mb("Anonymous")} MB (largest: {string.Join(", ", LargestFiles(pid, 6))})";
    }

    private static IEnumerable<string> LargestFiles(int pid, int count)
    {
        var perFile = new Dictionary<string, long>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && !line.EndsWith(':'))
                current = parts.Length >= 6 && parts[5].StartsWith('/') ? Path.GetFileName(parts[5]) : null;
            else if (current is not null && parts is ["Rss:", var kb, "kB"])
                perFile[current] = perFile.GetValueOrDefault(current) + long.Parse(kb, CultureInfo.InvariantCulture);
        }

        return perFile.OrderByDescending(f => f.Value).Take(count).Select(f => $"{f.Key} {f.Value / 1024} MB");
    }

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
