using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    /// <summary>Opens a nested mapping (<c>feed</c>, <c>transport.nats</c>…) for reading.</summary>
    private MappingReader? Section(MappingReader parent, string key, string? hint = null)
    {
        if (parent.Required(key, hint) is not { } node)
        {
            return null;
        }

        var path = parent.PathOf(key);
        return Values.Mapping(context, node, path) is { } mapping
            ? new MappingReader(context, mapping, path, parent.KeyOf(key)!.Start)
            : null;
    }

    /// <summary>A required text value, with a <c>required</c> or <c>type</c> problem otherwise.</summary>
    private (YamlNode Node, string Value)? RequiredText(MappingReader map, string key, string? hint = null) =>
        map.Required(key, hint) is { } node && Values.Text(context, node, map.PathOf(key)) is { } value
            ? (node, value)
            : null;

    private (YamlNode Node, string Value)? OptionalText(MappingReader map, string key) =>
        map.Optional(key) is { } node && Values.Text(context, node, map.PathOf(key)) is { } value
            ? (node, value)
            : null;
}
