namespace Ssmd.Testing.Internal;

/// <summary>
/// A folder of its own for one server, deleted on dispose and, as a backstop, when the test host exits.
/// The name carries the test host's PID so a folder left by a killed run says whose it was.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates <c>&lt;root&gt;/ssmd-&lt;kind&gt;-&lt;pid&gt;-&lt;random&gt;</c>.</summary>
    public static TempFolder Create(string kind, string? root = null)
    {
        root ??= System.IO.Path.GetTempPath();
        var path = System.IO.Path.Combine(
            root, $"ssmd-{kind}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        var folder = new TempFolder(path);
        ExitBackstop.Register(folder);
        return folder;
    }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        ExitBackstop.Unregister(this);
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
