namespace Ssmd.Testing.Internal;

/// <summary>
/// Finds a server's executable: an environment variable wins, then a default path or PATH. Missing
/// means a <see cref="LocalServerException"/> that names the path and the install command.
/// </summary>
internal static class ServerBinary
{
    /// <summary>The override from <paramref name="environmentVariable"/>, else <paramref name="defaultPath"/>.</summary>
    public static string Resolve(string serverName, string environmentVariable, string defaultPath, string installHint)
    {
        var overridden = Environment.GetEnvironmentVariable(environmentVariable);
        var path = string.IsNullOrWhiteSpace(overridden) ? defaultPath : overridden;
        if (IsExecutableFile(path))
            return path;

        throw NotInstalled(serverName, path, environmentVariable, overridden: !string.IsNullOrWhiteSpace(overridden), installHint);
    }

    /// <summary>The override from <paramref name="environmentVariable"/>, else the first match on PATH.</summary>
    public static string ResolveOnPath(string serverName, string environmentVariable, string fileName, string installHint)
    {
        var overridden = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return IsExecutableFile(overridden)
                ? overridden
                : throw NotInstalled(serverName, overridden, environmentVariable, overridden: true, installHint);
        }

        var onPath = FindOnPath(fileName);
        return onPath ?? throw new LocalServerException(
            $"{serverName} is not installed: `{fileName}` is not on PATH: run `{installHint}` " +
            $"(or set {environmentVariable} to the executable)");
    }

    public static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, fileName))
            .FirstOrDefault(IsExecutableFile);
    }

    public static LocalServerException NotInstalled(
        string serverName, string path, string environmentVariable, bool overridden, string installHint) =>
        new(overridden
            ? $"{serverName} is not installed at {path} (set by {environmentVariable}): run `{installHint}`, " +
              $"or point {environmentVariable} at the executable"
            : $"{serverName} is not installed at {path}: run `{installHint}` (or set {environmentVariable} to the executable)");

    private static bool IsExecutableFile(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
