using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    private StorageDefinition? ReadStorage(MappingReader root)
    {
        if (Section(root, "storage", "the raw and normalized archive buckets") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        var raw = ReadLocation(map, "raw", "ssmd-raw", "kalshi");
        var normalized = ReadLocation(map, "normalized", "ssmd-normalized", "kalshi/v1");
        map.ReportUnknownKeys();

        if (raw is not null && normalized is not null && raw.Value.Location == normalized.Value.Location)
        {
            context.Report(normalized.Value.BucketNode, Rules.Conflict,
                "storage.normalized must not have the same bucket and prefix as storage.raw");
        }

        if (context.Count > before || raw is null || normalized is null)
        {
            return null;
        }

        return new StorageDefinition { Raw = raw.Value.Location, Normalized = normalized.Value.Location };
    }

    private (StorageLocation Location, YamlNode BucketNode)? ReadLocation(MappingReader storage, string key, string bucketExample,
        string prefixExample)
    {
        if (Section(storage, key, $"e.g. {{ bucket: {bucketExample}, prefix: {prefixExample} }}") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        var bucket = RequiredText(map, "bucket", $"e.g. {bucketExample}");
        if (bucket is var (bucketNode, bucketName) && Formats.BucketNameProblem(bucketName) is { } problem)
        {
            context.Report(bucketNode, Rules.Format,
                $"{map.PathOf("bucket")} is not a valid S3 bucket name: it {problem}, got {Values.Quote(bucketName)}");
        }

        var prefix = OptionalText(map, "prefix");
        if (prefix is var (prefixNode, prefixValue) && !Formats.IsPrefix(prefixValue))
        {
            context.Report(prefixNode, Rules.Format,
                $"{map.PathOf("prefix")} must be path segments of letters, digits and !_.*'()- joined by single '/', with no leading or trailing '/' (e.g. {prefixExample}), got {Values.Quote(prefixValue)}");
        }

        map.ReportUnknownKeys();
        if (context.Count > before || bucket is null)
        {
            return null;
        }

        return (new StorageLocation { Bucket = bucket.Value.Value, Prefix = prefix?.Value ?? "" }, bucket.Value.Node);
    }
}
