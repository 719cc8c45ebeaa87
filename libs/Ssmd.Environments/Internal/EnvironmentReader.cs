using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

/// <summary>
/// Maps the YAML representation model to <see cref="SsmdEnvironment"/> by hand, section by section
/// (one partial file each), so every problem has the position of its node and every key is checked.
/// Each section reports all of its problems and returns <see langword="null"/> when it had any.
/// </summary>
internal sealed partial class EnvironmentReader(ValidationContext context)
{
    public const string ApiVersion = "ssmd/v1";
    public const string Kind = "Environment";

    // Cross-section facts, kept while reading for the checks at the end.
    private FeedSource? _source;
    private YamlNode? _sourceNode;
    private YamlScalarNode? _secretsKey;
    private readonly HashSet<string> _secretNames = new(StringComparer.Ordinal);
    private string _sourcePath = "";

    public SsmdEnvironment? Read(YamlMappingNode root, string sourcePath)
    {
        _sourcePath = sourcePath;
        var map = new MappingReader(context, root, "", root.Start);
        var apiVersion = ReadConstant(map, "apiVersion", ApiVersion);
        var kind = ReadConstant(map, "kind", Kind);
        var name = ReadName(map);
        var description = map.Optional("description") is { } d ? Values.Text(context, d, "description") : null;
        var feed = ReadFeed(map);
        var schedule = ReadSchedule(map);
        var symbols = ReadSymbols(map);
        var transport = ReadTransport(map);
        var storage = ReadStorage(map);
        var secrets = ReadSecrets(map);
        map.ReportUnknownKeys();
        CheckKalshiCredentials();
        ReportKeyMaterialOutsideSecrets(root);

        if (context.HasErrors || apiVersion is null || kind is null || name is null || feed is null || schedule is null
            || symbols is null || transport is null || storage is null || secrets is null)
        {
            return null;
        }

        return new SsmdEnvironment
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = name,
            Description = description,
            Feed = feed,
            Schedule = schedule,
            Symbols = symbols,
            Transport = transport,
            Storage = storage,
            Secrets = secrets,
            SourcePath = sourcePath,
        };
    }

    private string? ReadConstant(MappingReader map, string key, string expected)
    {
        if (map.Required(key, $"write '{key}: {expected}'") is not { } node || Values.Text(context, node, key) is not { } value)
        {
            return null;
        }

        if (value != expected)
        {
            context.Report(node, Rules.Enum, $"{key} must be '{expected}', got {Values.Quote(value)}");
            return null;
        }

        return value;
    }

    private string? ReadName(MappingReader map)
    {
        if (map.Required("name") is not { } node || Values.Text(context, node, "name") is not { } value)
        {
            return null;
        }

        if (!Formats.EnvironmentName().IsMatch(value))
        {
            context.Report(node, Rules.Format,
                $"name must be lower-case letters, digits and inner hyphens, at most 63 characters (e.g. 'sim', 'kalshi-demo'), got {Values.Quote(value)}");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A private key pasted anywhere but <c>secrets</c> (where it gets its own message) is reported too,
    /// so it is noticed before the file is committed.
    /// </summary>
    private void ReportKeyMaterialOutsideSecrets(YamlMappingNode root)
    {
        var secretsValue = _secretsKey is null ? null : root.Children[_secretsKey];
        var stack = new Stack<YamlNode>([root]);
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance); // aliases can make cycles
        while (stack.TryPop(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        stack.Push(key);
                        if (!ReferenceEquals(value, secretsValue))
                        {
                            stack.Push(value);
                        }
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        stack.Push(child);
                    }

                    break;
                case YamlScalarNode { Value: { } text } when text.Contains("-----BEGIN", StringComparison.Ordinal):
                    context.Report(node, Rules.SecretByReference,
                        "this looks like a key or certificate; environment files hold references only: put it in a file or a secret store and reference it under 'secrets'");
                    break;
            }
        }
    }
}
