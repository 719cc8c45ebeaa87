using Ssmd.Kalshi;
using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Secmaster.Internal;

namespace Ssmd.Secmaster;

/// <summary>
/// Publishes committed changes to <c>{prefix}.secmaster.{ticker}</c> on JetStream, acknowledged, with a
/// stable <c>Nats-Msg-Id</c>, then records them as published. Never called for a rolled-back change:
/// callers hand it only what their transaction committed.
/// </summary>
/// <param name="jetStream">JetStream; a stream must capture <c>{prefix}.secmaster.&gt;</c>.</param>
/// <param name="repository">Where acknowledged versions are recorded.</param>
/// <param name="logger">Logs publish failures.</param>
/// <param name="subjectPrefix">The first subject token, the feed's exchange (<c>kalshi</c>).</param>
public sealed class SecmasterChangePublisher(INatsJSContext jetStream, SecmasterRepository repository, ILogger<SecmasterChangePublisher> logger, string subjectPrefix = "kalshi")
{
    // Publishes in flight at once: enough to hide the round trip, few enough to bound memory.
    private const int Window = 1024;

    /// <summary>The subject a ticker's changes go to.</summary>
    public string SubjectFor(string ticker) => $"{subjectPrefix}.secmaster.{KalshiSubject.Encode(ticker)}";

    /// <summary>
    /// Makes sure a stream captures <c>{prefix}.secmaster.&gt;</c>: keeps an existing one (the normalized
    /// stream may already), otherwise creates <paramref name="streamName"/>. Returns the stream's name.
    /// </summary>
    public async Task<string> EnsureStreamAsync(string streamName, TimeSpan maxAge, TimeSpan duplicateWindow, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        var subject = $"{subjectPrefix}.secmaster.>";
        await foreach (var existing in jetStream.ListStreamNamesAsync(subject, cancellationToken))
            return existing;
        await jetStream.CreateStreamAsync(new StreamConfig(streamName, [subject])
        {
            MaxAge = maxAge,
            DuplicateWindow = duplicateWindow,
            Storage = StreamConfigStorage.File,
        }, cancellationToken);
        return streamName;
    }

    /// <summary>Publishes the changes (pipelined, each acknowledged) and records them as published.</summary>
    /// <exception cref="NatsJSException">JetStream did not acknowledge a message; the changes stay unpublished and are retried by <see cref="RepublishPendingAsync"/>.</exception>
    public async Task PublishAsync(IReadOnlyList<SecmasterChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        for (var start = 0; start < changes.Count; start += Window)
        {
            var count = Math.Min(Window, changes.Count - start);
            var acks = new Task<PubAckResponse>[count];
            for (var i = 0; i < count; i++)
            {
                var change = changes[start + i];
                acks[i] = jetStream.PublishAsync(SubjectFor(change.Ticker), Serialize(change),
                    opts: new NatsJSPubOpts { MsgId = change.MessageId }, cancellationToken: cancellationToken).AsTask();
            }

            var published = new List<SecmasterChange>(count);
            Exception? failure = null;
            for (var i = 0; i < count; i++)
            {
                try
                {
                    (await acks[i]).EnsureSuccess();
                    published.Add(changes[start + i]);
                }
                catch (NatsJSDuplicateMessageException)
                {
                    // Already in the stream from an earlier attempt: that is success.
                    published.Add(changes[start + i]);
                }
                catch (Exception ex) when (ex is NatsJSException or NATS.Client.Core.NatsException or TimeoutException)
                {
                    failure ??= ex;
                }
            }

            await repository.MarkPublishedAsync(published, cancellationToken);
            if (failure is not null)
            {
                SecmasterLog.PublishFailed(logger, count - published.Count, failure);
                throw failure;
            }
        }
    }

    /// <summary>Sends what was committed but never acknowledged (a crash between commit and publish); returns how many.</summary>
    public async Task<int> RepublishPendingAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var pending = await repository.ReadUnpublishedAsync(1000, cancellationToken);
            // Stop when nothing is left, or when the mark cannot move (a version without history rows).
            if (pending.Count == 0 || !pending.Any(c => sent.Add(c.MessageId)))
                return total;
            await PublishAsync(pending, cancellationToken);
            total += pending.Count;
        }
    }

    /// <summary>The event body: <c>{"ticker","version","source","changed_at","fields":[{"field","old","new"}]}</c>.</summary>
    internal static byte[] Serialize(SecmasterChange change)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ticker"u8, change.Ticker);
            writer.WriteNumber("version"u8, change.Version);
            writer.WriteString("source"u8, change.Source);
            writer.WriteString("changed_at"u8, change.ChangedAt);
            writer.WriteStartArray("fields"u8);
            foreach (var field in change.Fields)
            {
                writer.WriteStartObject();
                writer.WriteString("field"u8, field.Field);
                writer.WriteString("old"u8, field.OldValue);
                writer.WriteString("new"u8, field.NewValue);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
