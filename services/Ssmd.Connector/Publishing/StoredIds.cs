using System.Text;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Streams;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// Reads the <c>Nats-Msg-Id</c> of a stored message by its sequence (the stream's message get API). Used
/// only after a failed publish, to tell a write that landed without its ack from one that never did.
/// </summary>
internal sealed class StoredIds(INatsJSContext jetStream, IReadOnlyList<string> streams)
{
    private readonly INatsJSStream?[] _streams = new INatsJSStream?[streams.Count];

    /// <summary>The id of the message at <paramref name="sequence"/> of stream number <paramref name="stream"/>; null when there is none, it has no id, or NATS did not answer.</summary>
    public async Task<string?> IdAtAsync(int stream, ulong sequence, CancellationToken cancellationToken)
    {
        try
        {
            var handle = _streams[stream] ??= await jetStream.GetStreamAsync(streams[stream], cancellationToken: cancellationToken).ConfigureAwait(false);
            var response = await handle.GetAsync(new StreamMsgGetRequest { Seq = sequence }, cancellationToken).ConfigureAwait(false);
            return response.Message.Hdrs is { Length: > 0 } encoded ? IdIn(Encoding.UTF8.GetString(Convert.FromBase64String(encoded))) : null;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null; // deleted, or past the end
        }
        catch (Exception e) when (e is NATS.Client.Core.NatsException or TimeoutException)
        {
            return null; // NATS went again: sent once more, as before this check (the duplicate window still guards a short outage)
        }
    }

    // "NATS/1.0\r\nNats-Msg-Id: x\r\n…\r\n\r\n": header names are case-insensitive.
    private static string? IdIn(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(SsmdHeaders.MessageId, StringComparison.OrdinalIgnoreCase))
                return line[(colon + 1)..].Trim();
        }

        return null;
    }
}
