using System.Globalization;

namespace Ssmd.Testing.Internal;

/// <summary>
/// Finds PostgreSQL's bin folder: <c>SSMD_PG_BIN</c> if set, else the newest
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian's layout, which is not on PATH).
/// </summary>
internal static class PostgresBinaries
{
    public const string InstallHint = "apt-get install postgresql";
    private const string DebianRoot = "/usr/lib/postgresql";

    public static string FindBinDirectory(string environmentVariable)
    {
        var overridden = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return File.Exists(Path.Combine(overridden, "postgres"))
                ? overridden
                : throw new LocalServerException(
                    $"postgres is not installed at {Path.Combine(overridden, "postgres")} (set by {environmentVariable}): " +
                    $"run `{InstallHint}`, or point {environmentVariable} at PostgreSQL's bin folder");
        }

        var newest = (Directory.Exists(DebianRoot) ? Directory.GetDirectories(DebianRoot) : [])
            .Select(dir => (Version: ParseVersion(Path.GetFileName(dir)), Bin: Path.Combine(dir, "bin")))
            .Where(v => v.Version is not null && File.Exists(Path.Combine(v.Bin, "postgres")))
            .OrderByDescending(v => v.Version)
            .Select(v => v.Bin)
            .FirstOrDefault();
        return newest ?? throw new LocalServerException(
            $"postgres is not installed at {DebianRoot}/*/bin/postgres: run `{InstallHint}` " +
            $"(or set {environmentVariable} to PostgreSQL's bin folder)");
    }

    // Debian names the folders "15", "16", or "9.6" for old majors; Version.Parse wants at least two parts.
    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? new Version(major, 0)
            : Version.TryParse(name, out var version) ? version : null;
}
