using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Environments;

namespace Ssmd.Streams;

/// <summary>
/// The JetStream streams of an environment: raw (<c>{feed}.raw.&gt;</c>) and normalized (the four
/// <c>{feed}.{kind}.&gt;</c> subjects), file storage, with the environment's age, size and
/// duplicate window. Producers create or update them; consumers check their filters against them.
/// </summary>
public static class SsmdStreams
{
    /// <summary>The raw stream's configuration.</summary>
    public static StreamConfig RawConfig(SsmdEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Config(environment.Transport.Nats.RawStream, [SsmdSubjects.RawWildcard(environment.Feed.Exchange)]);
    }

    /// <summary>The normalized stream's configuration.</summary>
    public static StreamConfig NormalizedConfig(SsmdEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Config(environment.Transport.Nats.NormalizedStream, SsmdSubjects.NormalizedWildcards(environment.Feed.Exchange));
    }

    /// <summary>Creates both streams, or updates them to the environment's settings.</summary>
    public static async Task EnsureAsync(INatsJSContext jetStream, SsmdEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jetStream);
        await jetStream.CreateOrUpdateStreamAsync(RawConfig(environment), cancellationToken).ConfigureAwait(false);
        await jetStream.CreateOrUpdateStreamAsync(NormalizedConfig(environment), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses a consumer filter that no subject of the stream covers (LESSONS.md: a filter that matched
    /// nothing lost a month of lifecycle messages without a sound).
    /// </summary>
    /// <exception cref="SsmdStreamException">The stream is missing, or <paramref name="filter"/> selects subjects it does not carry.</exception>
    public static async Task<StreamInfo> RequireFilterAsync(INatsJSContext jetStream, string stream, string filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jetStream);
        INatsJSStream found;
        try
        {
            found = await jetStream.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            throw new SsmdStreamException($"Stream '{stream}' does not exist; the consumer filter '{filter}' cannot be served.", e);
        }

        var subjects = found.Info.Config.Subjects ?? [];
        if (!subjects.Any(subject => SubjectCovers(subject, filter)))
        {
            throw new SsmdStreamException(
                $"Consumer filter '{filter}' matches none of the subjects of stream '{stream}' ({string.Join(", ", subjects)}).");
        }

        return found.Info;
    }

    /// <summary>True when every subject <paramref name="filter"/> can match is matched by <paramref name="pattern"/>.</summary>
    public static bool SubjectCovers(string pattern, string filter)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(filter);
        var p = pattern.Split('.');
        var f = filter.Split('.');
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == ">")
                return f.Length > i;
            if (i >= f.Length)
                return false;
            if (p[i] == "*")
            {
                if (f[i] == ">")
                    return false;
                continue;
            }

            if (p[i] != f[i])
                return false;
        }

        return f.Length == p.Length;
    }

    private static StreamConfig Config(NatsStreamDefinition definition, IReadOnlyList<string> subjects) =>
        new(definition.Name, [.. subjects])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            MaxAge = definition.MaxAge,
            MaxBytes = definition.MaxBytes,
            DuplicateWindow = definition.DuplicateWindow,
        };
}
