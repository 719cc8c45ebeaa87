using Ssmd.Environments;

namespace Ssmd.Worker;

/// <summary>Finds and loads the environment definition named by <c>Ssmd:Environment</c> (default <c>sim</c>).</summary>
internal static class WorkerEnvironment
{
    /// <exception cref="SsmdEnvironmentException">The definition is missing or invalid; the message names the file, line and rule.</exception>
    public static SsmdEnvironment Load(IConfiguration configuration, string contentRoot) =>
        SsmdEnvironmentLoader.LoadForService(configuration[SsmdEnvironmentLoader.EnvironmentKey], configuration[SsmdEnvironmentLoader.RootKey], contentRoot);
}
