using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    /// <summary><c>feed.replay</c>: optional; a tape only the simulator can serve.</summary>
    private ReplayDefinition? ReadReplay(MappingReader feed, FeedSource? source)
    {
        if (feed.Optional("replay") is not { } node)
        {
            return null;
        }

        if (source == FeedSource.Kalshi)
        {
            context.Report(node, Rules.Conflict, "feed.replay needs source simulator: the real exchange cannot replay a tape");
            return null;
        }

        if (Values.Mapping(context, node, "feed.replay") is not { } mapping)
        {
            return null;
        }

        var map = new MappingReader(context, mapping, "feed.replay", feed.KeyOf("replay")!.Start);
        var before = context.Count;
        var path = RequiredText(map, "path", "a tape file or folder, e.g. path: ../../shared/kalshi/captures/gold15m/events");
        var speed = map.Optional("speed") is { } s ? Number(s, "feed.replay.speed", min: 0, minIncluded: true) : 1;
        var maxGap = map.Optional("maxGapSeconds") is { } g ? Number(g, "feed.replay.maxGapSeconds", min: 0, minIncluded: false) : null;
        var loop = map.Optional("loop") is { } l ? Boolean(l, "feed.replay.loop") : false;
        map.ReportUnknownKeys();
        if (context.Count > before || path is not (var pathNode, var text) || speed is null || loop is null)
        {
            return null;
        }

        if (text.Trim().Length == 0)
        {
            context.Report(pathNode, Rules.Required, "feed.replay.path must name a tape file or folder");
            return null;
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_sourcePath)) ?? ".";
        return new ReplayDefinition
        {
            Path = text,
            FullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, text)),
            Speed = speed.Value,
            MaxGapSeconds = maxGap,
            Loop = loop.Value,
        };
    }

    private double? Number(YamlNode node, string path, double min, bool minIncluded)
    {
        if (node is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            context.Report(node, Rules.Type, $"{path}: expected a number (unquoted), got {Values.Describe(node)}");
            return null;
        }

        if (minIncluded ? value < min : value <= min)
        {
            context.Report(node, Rules.Range, $"{path} must be {(minIncluded ? "at least" : "more than")} {min.ToString(CultureInfo.InvariantCulture)}, got {text}");
            return null;
        }

        return value;
    }

    private bool? Boolean(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        context.Report(node, Rules.Type, $"{path}: expected true or false, got {Values.Describe(node)}");
        return null;
    }
}
