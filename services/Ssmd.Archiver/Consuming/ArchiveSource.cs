using Ssmd.Environments;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Consuming;

/// <summary>
/// One durable consumer and its journal: the raw stream (<c>raw</c>), or one normalized kind. The
/// normalized stream gets one consumer per kind because nats-server 2.9 has no multi-filter consumers.
/// </summary>
internal sealed record ArchiveSource(string Token, string Consumer, string Stream, string Filter, ArchiveKind Archive, NormalizedKind? Kind, string Feed)
{
    /// <summary>The source names, also the keys of <see cref="ArchiverOptions.Filters"/>.</summary>
    public static IReadOnlyList<string> Tokens { get; } = ["raw", .. SsmdSubjects.KindTokens];

    public static IReadOnlyList<ArchiveSource> From(SsmdEnvironment environment, ArchiverOptions options)
    {
        var feed = environment.Feed.Exchange;
        var nats = environment.Transport.Nats;
        var sources = new List<ArchiveSource>
        {
            new("raw", $"{options.ConsumerPrefix}-raw", nats.RawStream.Name, FilterOf(options, "raw", SsmdSubjects.RawWildcard(feed)), ArchiveKind.Raw, null, feed),
        };
        foreach (var kind in Enum.GetValues<NormalizedKind>())
        {
            var token = SsmdSubjects.KindToken(kind);
            sources.Add(new(token, $"{options.ConsumerPrefix}-{token}", nats.NormalizedStream.Name,
                FilterOf(options, token, SsmdSubjects.NormalizedWildcard(feed, kind)), ArchiveKind.Normalized, kind, feed));
        }

        return sources;
    }

    private static string FilterOf(ArchiverOptions options, string token, string fallback) =>
        options.Filters.TryGetValue(token, out var filter) ? filter : fallback;
}
