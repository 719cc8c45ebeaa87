using Ssmd.Environments;

namespace Ssmd.AppHost.Hosting;

/// <summary>Loads the environment definition chosen by <c>Ssmd:Environment</c> (a name under environments/ or a path).</summary>
internal static class EnvironmentHostingExtensions
{
    public static SsmdEnvironment LoadSsmdEnvironment(this IDistributedApplicationBuilder builder)
    {
        var choice = builder.Configuration["Ssmd:Environment"];
        if (string.IsNullOrWhiteSpace(choice))
        {
            choice = "sim";
        }

        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        return SsmdEnvironmentLoader.Load(SsmdEnvironmentLoader.ResolvePath(choice, repositoryRoot));
    }
}
