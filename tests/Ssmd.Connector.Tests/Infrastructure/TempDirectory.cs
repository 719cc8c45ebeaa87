namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>A folder under /tmp removed at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ssmd-connector-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a stopping process: the temp folder is cleaned by the OS later.
        }
    }
}
