using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Ssmd.Connector.Publishing;

internal sealed partial class JetStreamPublisher
{
    /// <summary>One publish awaiting its acknowledgement: the raw frame (index -1) or one of its normalized events.</summary>
    private sealed class Pending(OutboundFrame frame, int index, ValueTask<PubAckResponse> ack)
    {
        private ValueTask<PubAckResponse> _ack = ack;
        private bool? _stored;

        public OutboundFrame Frame => frame;

        public int Index => index;

        /// <summary>Settled and stored (false while unsettled).</summary>
        public bool Stored => _stored == true;

        /// <summary>Waits for the acknowledgement (once; later calls return the outcome): true when JetStream holds the message.</summary>
        public async ValueTask<bool> StoredAsync() => _stored ??= await IsStoredAsync(_ack).ConfigureAwait(false);

        /// <summary>The publish was sent again.</summary>
        public void Resend(ValueTask<PubAckResponse> ack)
        {
            _ack = ack;
            _stored = null;
        }

        private static async ValueTask<bool> IsStoredAsync(ValueTask<PubAckResponse> ack)
        {
            try
            {
                var response = await ack.ConfigureAwait(false);
                // A duplicate is a resend of a publish that had landed (its ack was lost): stored once, done.
                // EnsureSuccess would throw for it, and resending until the window passes would store it twice.
                if (response.Duplicate)
                    return true;
                response.EnsureSuccess();
                return true;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
            {
                return false;
            }
        }
    }
}
