using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

/// <summary>Turns YAML nodes into typed values, reporting a <c>type</c> problem naming the expected type.</summary>
internal static class Values
{
    /// <summary>A plain <c>~</c>, <c>null</c> or nothing at all: YAML's null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Tag.IsEmpty
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>What a node is, for "got …" in messages. Long, multi-line or key-like text is not echoed.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        _ => "an unknown node",
    };

    /// <summary>
    /// Quotes a value for a message unless it might be a secret pasted in the wrong place (a PEM block,
    /// several lines, or a long token): those are never echoed.
    /// </summary>
    public static string Quote(string value) =>
        value.Length > 64 || value.Contains('\n') || value.Contains("-----", StringComparison.Ordinal)
            ? "a long or multi-line value (not shown)"
            : $"'{value}'";

    public static string? Text(ValidationContext context, YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? "";
        }

        context.Report(node, Rules.Type, $"{path}: expected text, got {Describe(node)}");
        return null;
    }

    public static int? WholeNumber(ValidationContext context, YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && scalar.Value is { } text
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
            {
                return value;
            }

            context.Report(node, Rules.Type, $"{path}: expected a whole number, got the text {Describe(node)} (write it without quotes)");
            return null;
        }

        context.Report(node, Rules.Type, $"{path}: expected a whole number, got {Describe(node)}");
        return null;
    }

    public static IReadOnlyList<YamlNode>? List(ValidationContext context, YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        context.Report(node, Rules.Type, $"{path}: expected a list, got {Describe(node)} (write [a, b] or one '- item' per line)");
        return null;
    }

    /// <param name="context">Where problems go.</param>
    /// <param name="node">The node that should be a mapping.</param>
    /// <param name="path">Its dotted path, for the message.</param>
    /// <param name="quoteValue">Whether a scalar given instead may be quoted; never under <c>secrets</c>.</param>
    public static YamlMappingNode? Mapping(ValidationContext context, YamlNode node, string path, bool quoteValue = true)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        var got = quoteValue || node is not YamlScalarNode ? Describe(node) : "a single value (not shown)";
        context.Report(node, Rules.Type, $"{path}: expected a mapping (indented 'key: value' lines), got {got}");
        return null;
    }
}
