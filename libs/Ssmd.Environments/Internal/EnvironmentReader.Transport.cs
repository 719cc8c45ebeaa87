using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    /// <summary>Long enough to replay a whole trading day from the stream (ARCHITECTURE §2, LESSONS.md).</summary>
    private static readonly TimeSpan MinimumMaxAge = TimeSpan.FromHours(24);

    private const long MinimumMaxBytes = 1L << 20;

    private TransportDefinition? ReadTransport(MappingReader root)
    {
        if (Section(root, "transport", "the NATS JetStream streams") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        NatsDefinition? nats = null;
        if (Section(map, "nats", "rawStream and normalizedStream") is { } natsMap)
        {
            var raw = ReadStream(natsMap, "rawStream");
            var normalized = ReadStream(natsMap, "normalizedStream");
            natsMap.ReportUnknownKeys();
            if (raw is not null && normalized is not null)
            {
                if (raw.Value.Stream.Name == normalized.Value.Stream.Name)
                {
                    context.Report(normalized.Value.NameNode, Rules.Conflict,
                        $"transport.nats.normalizedStream.name must differ from rawStream's ('{raw.Value.Stream.Name}'): raw and normalized are separate streams");
                }

                nats = new NatsDefinition { RawStream = raw.Value.Stream, NormalizedStream = normalized.Value.Stream };
            }
        }

        map.ReportUnknownKeys();
        return context.Count > before || nats is null ? null : new TransportDefinition { Nats = nats };
    }

    private (NatsStreamDefinition Stream, YamlNode NameNode)? ReadStream(MappingReader nats, string key)
    {
        if (Section(nats, key, "name, maxAge, duplicateWindow and maxBytes") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        var name = RequiredText(map, "name", "e.g. KALSHI_RAW");
        if (name is var (nameNode, nameValue) && !Formats.StreamName().IsMatch(nameValue))
        {
            context.Report(nameNode, Rules.Format,
                $"{map.PathOf("name")} must be letters, digits, '_' or '-' (no dots, spaces or wildcards), at most 64 characters, got {Values.Quote(nameValue)}");
        }

        var maxAge = ReadDuration(map, "maxAge", "48h");
        if (maxAge is var (maxAgeNode, maxAgeValue) && maxAgeValue < MinimumMaxAge)
        {
            context.Report(maxAgeNode, Rules.Range,
                $"{map.PathOf("maxAge")} must be at least 24h so a whole trading day can be replayed from the stream");
        }

        var window = ReadDuration(map, "duplicateWindow", "2m");
        if (window is var (windowNode, windowValue) && maxAge is var (_, age) && windowValue > age)
        {
            context.Report(windowNode, Rules.Range, $"{map.PathOf("duplicateWindow")} must not be longer than maxAge");
        }

        var maxBytes = ReadSize(map, "maxBytes", "20GiB");
        map.ReportUnknownKeys();

        if (context.Count > before || name is null || maxAge is null || window is null || maxBytes is null)
        {
            return null;
        }

        var stream = new NatsStreamDefinition
        {
            Name = name.Value.Value,
            MaxAge = maxAge.Value.Value,
            DuplicateWindow = window.Value.Value,
            MaxBytes = maxBytes.Value,
        };
        return (stream, name.Value.Node);
    }

    private (YamlNode Node, TimeSpan Value)? ReadDuration(MappingReader map, string key, string example)
    {
        var path = map.PathOf(key);
        if (RequiredText(map, key, $"a duration such as {example}") is not (var node, var text))
        {
            return null;
        }

        if (!Formats.TryParseDuration(text, out var value))
        {
            context.Report(node, Rules.Format,
                $"{path} must be a duration: a whole number and one unit of s, m, h or d (30s, 2m, 48h, 7d), got {Values.Quote(text)}");
            return null;
        }

        if (value <= TimeSpan.Zero)
        {
            context.Report(node, Rules.Range, $"{path} must be more than zero");
            return null;
        }

        return (node, value);
    }

    private long? ReadSize(MappingReader map, string key, string example)
    {
        var path = map.PathOf(key);
        if (RequiredText(map, key, $"a size such as {example}") is not (var node, var text))
        {
            return null;
        }

        if (!Formats.TryParseSize(text, out var bytes))
        {
            context.Report(node, Rules.Format,
                $"{path} must be a size: a whole number and one unit of B, KiB, MiB, GiB or TiB (512MiB, 20GiB), got {Values.Quote(text)}");
            return null;
        }

        if (bytes < MinimumMaxBytes)
        {
            context.Report(node, Rules.Range, $"{path} must be at least 1MiB");
            return null;
        }

        return bytes;
    }
}
