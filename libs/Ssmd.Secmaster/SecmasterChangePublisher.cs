using Ssmd.Kalshi;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Secmaster.Internal;
using Ssmd.Streams;

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
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _inboxGate = new(1, 1);
    private JetStreamAckInbox? _inbox;

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

    /// <summary>
    /// Publishes the changes (pipelined in chunks, each event acknowledged) and records them as published,
    /// one statement per chunk.
    /// </summary>
    /// <exception cref="NatsJSException">JetStream did not acknowledge a message; the changes stay unpublished and are retried by <see cref="RepublishPendingAsync"/>.</exception>
    public async Task PublishAsync(IReadOnlyList<SecmasterChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var window = NewWindow();
        await window.SendAsync(changes, cancellationToken);
        await window.DrainAsync(cancellationToken);
    }

    /// <summary>A queue that publishes posted pages on its own task (the sync's pages overlap their publishing).</summary>
    internal ChangePublishQueue StartQueue(CancellationToken cancellationToken) => new(NewWindow(), cancellationToken);

    private ChangePublishWindow NewWindow() => new(InboxAsync, repository, SubjectFor, logger);

    // One acknowledgement inbox for every publish, started at the first: a subscription per lifecycle
    // change would cost more than the one event it carries.
    private async ValueTask<JetStreamAckInbox> InboxAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _inbox) is { } started)
            return started;
        await _inboxGate.WaitAsync(cancellationToken);
        try
        {
            if (_inbox is null)
            {
                var inbox = new JetStreamAckInbox(jetStream.Connection, TimeProvider.System);
                await inbox.StartAsync(cancellationToken);
                Volatile.Write(ref _inbox, inbox);
            }

            return _inbox;
        }
        finally
        {
            _inboxGate.Release();
        }
    }

    /// <summary>Stops the acknowledgement inbox.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_inbox is not null)
            await _inbox.DisposeAsync();
        _inboxGate.Dispose();
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
}
