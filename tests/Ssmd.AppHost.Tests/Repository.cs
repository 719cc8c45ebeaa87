namespace Ssmd.AppHost.Tests;

/// <summary>Paths of the checkout the tests run from, and of the shared design folder beside it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

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
