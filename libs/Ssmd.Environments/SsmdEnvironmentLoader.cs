using Ssmd.Environments.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments;

/// <summary>Finds, reads and validates ssmd environment definitions.</summary>
public static class SsmdEnvironmentLoader
{
    /// <summary>The folder under the search root that holds the shipped environments.</summary>
    public const string EnvironmentsFolder = "environments";

    /// <summary>Reads and validates an environment file.</summary>
    /// <param name="path">The file, e.g. the result of <see cref="ResolvePath"/>.</param>
    /// <returns>The environment, with <see cref="SsmdEnvironment.SourcePath"/> set to the file's full path.</returns>
    /// <exception cref="SsmdEnvironmentException">The file is missing, unreadable or not valid; the exception lists every problem.</exception>
    public static SsmdEnvironment Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw FileProblem(fullPath, Rules.NotFound, $"no such file (looked for {fullPath})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileProblem(fullPath, Rules.Io, $"cannot read the file: {e.Message}");
        }

        return Parse(yaml, fullPath);
    }

    /// <summary>Validates an environment definition held in memory.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourceName">Where it came from; used in errors and as <see cref="SsmdEnvironment.SourcePath"/>.</param>
    /// <exception cref="SsmdEnvironmentException">The definition is not valid; the exception lists every problem.</exception>
    public static SsmdEnvironment Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);

        var context = new ValidationContext(sourceName);
        var root = ReadDocument(yaml, context);
        var environment = root is null ? null : new EnvironmentReader(context).Read(root, sourceName);
        if (environment is null || context.HasErrors)
        {
            throw new SsmdEnvironmentException(context.Errors());
        }

        return environment;
    }

    /// <summary>
    /// Turns what a user typed into a file path: a bare name such as <c>sim</c> means
    /// <c>{searchRoot}/environments/sim.yaml</c>; anything else (it has a separator or an extension) is a
    /// path, used as given (relative to the current directory).
    /// </summary>
    /// <param name="nameOrPath">An environment name or a file path.</param>
    /// <param name="searchRoot">The folder holding <c>environments/</c>, normally the repository root.</param>
    /// <returns>The full path of an existing file.</returns>
    /// <exception cref="SsmdEnvironmentException">No such file; the message names what was looked for.</exception>
    public static string ResolvePath(string nameOrPath, string searchRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(searchRoot);

        if (!Formats.EnvironmentName().IsMatch(nameOrPath))
        {
            var path = Path.GetFullPath(nameOrPath);
            return File.Exists(path)
                ? path
                : throw FileProblem(path, Rules.NotFound, $"no environment file at {path} (from '{nameOrPath}')");
        }

        var folder = Path.GetFullPath(Path.Combine(searchRoot, EnvironmentsFolder));
        var candidate = Path.Combine(folder, nameOrPath + ".yaml");
        if (File.Exists(candidate))
        {
            return candidate;
        }

        var available = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()
            : [];
        var known = available.Length == 0 ? $"{folder} has no environments" : $"available: {string.Join(", ", available)}";
        throw FileProblem(candidate, Rules.NotFound, $"no environment named '{nameOrPath}': looked for {candidate}; {known}");
    }

    /// <summary>Loads the YAML representation model, reporting syntax problems and every duplicate key.</summary>
    private static YamlMappingNode? ReadDocument(string yaml, ValidationContext context)
    {
        var stream = new YamlStream();
        var parser = new DuplicateKeyFilter(new Parser(new StringReader(yaml)), (key, first) =>
            context.Report(key.Start, Rules.DuplicateKey,
                $"key '{key.Value}' appears twice in the same mapping (first at line {first.Line}, column {first.Column}); remove one"));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var rule = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal) ? Rules.DuplicateKey : Rules.YamlSyntax;
            context.Report(e.Start, rule, e.Message.TrimEnd('.'));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18's scanner throws a bare InvalidOperationException, without a position, when
            // the content of a [ ] or { } continues on a line indented no deeper than its key, which is
            // what an unclosed bracket looks like. Point at the open bracket.
            context.Report(parser.OpenFlowStart ?? parser.LastEnd, Rules.YamlSyntax,
                "this [ ] or { } is not closed, or its content continues on a line that is not indented more than its key");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Report(stream.Documents[1].RootNode, Rules.Format, "a file holds one environment; this is a second YAML document");
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || Values.IsNull(root))
        {
            context.ReportFile(Rules.Required, $"the file is empty; an environment starts with 'apiVersion: {EnvironmentReader.ApiVersion}'");
            return null;
        }

        return Values.Mapping(context, root, "the document");
    }

    private static SsmdEnvironmentException FileProblem(string file, string rule, string message) =>
        new([new SsmdEnvironmentError(file, 0, 0, rule, message)]);

    /// <summary>The configuration key naming the environment (<c>Ssmd:Environment</c>; default <c>sim</c>).</summary>
    public const string EnvironmentKey = "Ssmd:Environment";

    /// <summary>The configuration key of the folder holding <c>environments/</c>, when it is not found above the service.</summary>
    public const string RootKey = "Ssmd:EnvironmentsRoot";

    /// <summary>
    /// What a service runs with: the environment <paramref name="name"/> (a name under <c>environments/</c> or a path;
    /// empty = <c>sim</c>), searched under <paramref name="root"/>, else the nearest folder holding <c>environments/</c>
    /// above <paramref name="contentRoot"/> or the service's own binaries.
    /// </summary>
    /// <exception cref="SsmdEnvironmentException">The definition is missing or invalid; the message names the file, line and rule.</exception>
    public static SsmdEnvironment LoadForService(string? name, string? root, string contentRoot)
    {
        var chosen = string.IsNullOrEmpty(name) ? "sim" : name;
        var searchRoot = !string.IsNullOrEmpty(root) ? root : FindRoot(contentRoot) ?? FindRoot(AppContext.BaseDirectory) ?? contentRoot;
        return Load(ResolvePath(chosen, searchRoot));
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
