namespace Ssmd.Environments.Tests;

/// <summary>Where the shipped environments and the broken test definitions are.</summary>
internal static class TestFiles
{
    /// <summary>The repository root: the first folder above the test binaries that holds <c>Ssmd.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A file from <c>Broken/</c>, copied next to the test binaries.</summary>
    public static string Broken(string fileName) => Path.Combine(AppContext.BaseDirectory, "Broken", fileName);

    public static string Shipped(string name) => Path.Combine(RepositoryRoot, "environments", name + ".yaml");

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ssmd.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Ssmd.slnx.");
    }
}
