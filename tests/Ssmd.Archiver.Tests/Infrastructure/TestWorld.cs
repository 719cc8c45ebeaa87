using Ssmd.Environments;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>
/// A test's own folder and environment file: <c>environments/sim.yaml</c> with buckets of its own, so
/// tests sharing one s3rver keep apart. Deleted on dispose.
/// </summary>
public sealed class TestWorld : IDisposable
{
    private static int _next;

    public TestWorld(string? name = null)
    {
        var id = Interlocked.Increment(ref _next);
        Folder = Path.Combine(Path.GetTempPath(), $"ssmd-archiver-test-{System.Environment.ProcessId}-{id}");
        Directory.CreateDirectory(Folder);
        var tag = $"{name ?? "t"}{System.Environment.ProcessId % 100000}-{id}".ToLowerInvariant();
        RawBucket = $"{tag}-raw";
        NormalizedBucket = $"{tag}-norm";
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot, "environments", "sim.yaml"))
            .Replace("bucket: ssmd-raw", $"bucket: {RawBucket}", StringComparison.Ordinal)
            .Replace("bucket: ssmd-normalized", $"bucket: {NormalizedBucket}", StringComparison.Ordinal);
        EnvironmentPath = Path.Combine(Folder, "env.yaml");
        File.WriteAllText(EnvironmentPath, yaml);
        Environment = SsmdEnvironmentLoader.Load(EnvironmentPath);
    }

    public string Folder { get; }

    public string RawBucket { get; }

    public string NormalizedBucket { get; }

    public string EnvironmentPath { get; }

    public SsmdEnvironment Environment { get; }

    /// <summary>The repository root (the folder above with <c>environments/</c>).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public string Path_(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "environments")) && File.Exists(Path.Combine(folder.FullName, "Ssmd.slnx")))
                return folder.FullName;
        }

        throw new DirectoryNotFoundException("No repository root above " + AppContext.BaseDirectory);
    }
}
