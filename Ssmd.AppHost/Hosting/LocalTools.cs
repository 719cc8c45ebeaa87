using Microsoft.Extensions.Configuration;

namespace Ssmd.AppHost.Hosting;

/// <summary>
/// Finds the Debian/npm programs that stand in for containers in run mode. Each can be overridden by
/// configuration (<c>Ssmd:Tools:*</c>) or an environment variable, because a newcomer's PATH rarely
/// holds /usr/sbin or /usr/lib/postgresql/N/bin.
/// </summary>
internal static class LocalTools
{
    public const string InstallHint = "run ./scripts/install-prerequisites.sh (or: sudo apt-get install -y nats-server postgresql-15 && sudo npm install -g s3rver@3.7.1)";

    public static string NatsServer(IConfiguration configuration) =>
        Find(configuration["Ssmd:Tools:NatsServer"] ?? Environment.GetEnvironmentVariable("SSMD_NATS_SERVER"),
             "nats-server", ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]);

    public static string S3rver(IConfiguration configuration) =>
        Find(configuration["Ssmd:Tools:S3rver"] ?? Environment.GetEnvironmentVariable("SSMD_S3RVER"),
             "s3rver", ["/usr/bin/s3rver", "/usr/local/bin/s3rver"]);

    /// <summary>The folder holding initdb, postgres and pg_ctl: the newest /usr/lib/postgresql/N/bin.</summary>
    public static string PostgresBin(IConfiguration configuration)
    {
        var configured = configuration["Ssmd:Tools:PostgresBin"] ?? Environment.GetEnvironmentVariable("SSMD_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "postgres"))
                ? configured
                : throw Missing("postgres", $"{configured}/postgres");
        }

        var newest = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "postgres")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return newest ?? throw Missing("postgres", "/usr/lib/postgresql/*/bin/postgres");
    }

    private static string Find(string? configured, string name, string[] wellKnown)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw Missing(name, configured);
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
        return wellKnown.Concat(onPath).FirstOrDefault(File.Exists) ?? throw Missing(name, string.Join(", ", wellKnown));
    }

    private static DistributedApplicationException Missing(string name, string lookedAt) =>
        new($"'{name}' was not found (looked at {lookedAt} and PATH). ssmd runs it as a local process in run mode: {InstallHint}.");
}
