namespace Ssmd.Capnp.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string NormalizedSchema => Path.Combine(Root, "schemas", "ssmd.capnp");

    public static string TestSchema => Path.Combine(Root, "tests", "Ssmd.Capnp.Tests", "Schema", "test.capnp");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ssmd.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Ssmd.slnx above {AppContext.BaseDirectory}.");
    }
}
