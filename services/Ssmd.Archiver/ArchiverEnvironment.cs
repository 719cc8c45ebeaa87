using Ssmd.Environments;

namespace Ssmd.Archiver;

/// <summary>Loads the environment definition named by <c>Ssmd:Environment</c> (default <c>sim</c>).</summary>
internal static class ArchiverEnvironment
{
    public const string EnvironmentKey = SsmdEnvironmentLoader.EnvironmentKey;

    /// <exception cref="SsmdEnvironmentException">The definition is missing or invalid; the message names the file, line and rule.</exception>
    public static SsmdEnvironment Load(IConfiguration configuration, string contentRoot) =>
        SsmdEnvironmentLoader.LoadForService(configuration[SsmdEnvironmentLoader.EnvironmentKey], configuration[SsmdEnvironmentLoader.RootKey], contentRoot);
}
