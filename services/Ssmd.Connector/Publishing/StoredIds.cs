using System.Buffers;
using NATS.Client.Core;
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
            if (response.Message.Hdrs is not { Length: > 0 } encoded)
                return null;
            var headers = new NatsHeaders();
            jetStream.Connection.HeaderParser.ParseHeaders(new SequenceReader<byte>(new ReadOnlySequence<byte>(Convert.FromBase64String(encoded))), headers);
            return headers.TryGetValue(SsmdHeaders.MessageId, out var id) ? id.ToString() : null;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null; // deleted, or past the end
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            return null; // NATS went again: sent once more, as before this check (the duplicate window still guards a short outage)
        }
    }
}
