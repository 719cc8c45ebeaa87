namespace Ssmd.AppHost.Hosting;

/// <summary>
/// Where the local servers keep their data in run mode: <c>Ssmd:DataDir</c>, or <c>.data/</c> at the
/// repository root. Kept across runs, so JetStream streams, the security master and the archive survive
/// a restart.
/// </summary>
internal sealed class SsmdDataDirectory
{
    private readonly bool _asRoot;

    private SsmdDataDirectory(string root, bool asRoot) => (Root, _asRoot) = (root, asRoot);

    public string Root { get; }

    /// <summary>The folder of one component, created on first use (only run mode asks).</summary>
    public string For(string component)
    {
        Directory.CreateDirectory(Root);
        if (_asRoot && !OperatingSystem.IsWindows())
        {
            // Traversal only (o+x, not o+r): enough for 'postgres' to reach its own subfolder.
            var mode = File.GetUnixFileMode(Root);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(Root, mode | UnixFileMode.OtherExecute);
            }
        }

        var path = Path.Combine(Root, component);
        Directory.CreateDirectory(path);
        return path;
    }

    public static SsmdDataDirectory Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Ssmd:DataDir"];
        var root = string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data"))
            : Path.GetFullPath(configured);

        // PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user, which must be able
        // to reach its data folder. A checkout under /root (mode 700) cannot hold it.
        var asRoot = Environment.UserName == "root" && !OperatingSystem.IsWindows();
        if (asRoot && builder.ExecutionContext.IsRunMode && !OthersCanTraverse(root))
        {
            var fallback = "/var/tmp/ssmd-data";
            Console.Error.WriteLine($"ssmd: {root} is not reachable by the 'postgres' user (a parent folder is private); keeping data in {fallback} instead. Set Ssmd__DataDir to choose another folder.");
            root = fallback;
        }

        return new SsmdDataDirectory(root, asRoot);
    }

    private static bool OthersCanTraverse(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir) && !File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }
}
