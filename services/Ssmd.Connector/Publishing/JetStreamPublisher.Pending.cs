using Ssmd.Streams;

namespace Ssmd.Connector.Publishing;

internal sealed partial class JetStreamPublisher
{
    /// <summary>One publish awaiting its acknowledgement: the raw frame (index -1) or one of its normalized events.</summary>
    private sealed class Pending(OutboundFrame frame, int index, Attempt attempt, bool replay = false)
    {
        private ValueTask<JetStreamAck> _ack = attempt.Ack;
        private bool? _stored;
        private bool _resent = replay;

        public OutboundFrame Frame => frame;

        public int Index => index;

        /// <summary>A message acknowledged once already and sent again because NATS lost it: not counted twice.</summary>
        public bool Replay { get; } = replay;

        /// <summary>The stream sequence the latest attempt can only be stored at (its expected last sequence + 1).</summary>
        public ulong Intended { get; private set; } = attempt.Intended;

        /// <summary>The stream sequence JetStream acknowledged (0 until stored).</summary>
        public ulong Sequence { get; private set; }

        /// <summary>Settled and stored (false while unsettled).</summary>
        public bool Stored => _stored == true;

        /// <summary>
        /// The very first send was answered "duplicate": another message already holds this id, and this one
        /// was NOT stored. Only an id collision does that; it is data loss and reported as such.
        /// </summary>
        public bool CollidedOnFirstSend { get; private set; }

        /// <summary>Waits for the acknowledgement (once; later calls return the outcome): true when JetStream holds the message.</summary>
        public async ValueTask<bool> StoredAsync() => _stored ??= await IsStoredAsync(_ack, !_resent).ConfigureAwait(false);

        /// <summary>The publish was sent again.</summary>
        public void Resend(Attempt attempt)
        {
            _ack = attempt.Ack;
            Intended = attempt.Intended;
            _stored = null;
            _resent = true;
        }

        /// <summary>Found in the stream at <paramref name="sequence"/> although its acknowledgement never came.</summary>
        public void Landed(ulong sequence)
        {
            _stored = true;
            Sequence = sequence;
        }

        private async ValueTask<bool> IsStoredAsync(ValueTask<JetStreamAck> pending, bool firstSend)
        {
            var ack = await pending.ConfigureAwait(false);
            if (!ack.Stored)
                return false;

            // A duplicate is a resend of a publish that had landed (its ack was lost): stored once, done.
            // Resending until the dedup window passes would store it twice.
            if (ack.Duplicate)
                CollidedOnFirstSend = firstSend;
            Sequence = ack.Sequence;
            return true;
        }
    }
}
