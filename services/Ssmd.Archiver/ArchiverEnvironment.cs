using Ssmd.Environments;

namespace Ssmd.Archiver;

/// <summary>Loads the environment definition named by <c>Ssmd:Environment</c> (default <c>sim</c>).</summary>
internal static class ArchiverEnvironment
{
    public const string EnvironmentKey = "Ssmd:Environment";
    public const string RootKey = "Ssmd:EnvironmentsRoot";

    public static SsmdEnvironment Load(IConfiguration configuration, string contentRoot)
    {
        var name = configuration[EnvironmentKey] is { Length: > 0 } configured ? configured : "sim";
        var root = configuration[RootKey] is { Length: > 0 } explicitRoot ? explicitRoot : FindRoot(contentRoot) ?? FindRoot(AppContext.BaseDirectory) ?? contentRoot;
        return SsmdEnvironmentLoader.Load(SsmdEnvironmentLoader.ResolvePath(name, root));
    }

    // The repository root is the nearest folder above that holds environments/.
    private static string? FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "environments")))
                return folder.FullName;
        }

        return null;
    }
}
