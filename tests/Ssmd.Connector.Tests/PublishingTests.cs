using Ssmd.Connector.Publishing;
using Ssmd.Streams;

namespace Ssmd.Connector.Tests;

/// <summary>The publish path's parts that decide "stored or not" and "wait or read on", without servers.</summary>
public sealed class PublishingTests
{
    [Fact]
    public void A_JetStream_ack_is_stored_with_its_sequence_and_a_duplicate_is_flagged()
    {
        var ack = JetStreamAckInbox.Parse("""{"stream":"KALSHI_RAW","seq":18446744073709551615,"duplicate":true}"""u8);
        Assert.Equal(new JetStreamAck(true, ulong.MaxValue, true, null), ack);
        Assert.Equal(new JetStreamAck(true, 7, false, null), JetStreamAckInbox.Parse("""{"stream":"S","domain":"hub","seq":7}"""u8));
    }

    [Theory]
    [InlineData("""{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 41"},"stream":"S","seq":0}""", "wrong last sequence: 41")]
    [InlineData("""{"stream":"S"}""", "without stream and seq")]
    [InlineData("""{"seq":3}""", "without stream and seq")]
    [InlineData("""not json""", "unreadable")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("", "empty")]
    public void A_refusal_or_an_unreadable_ack_is_not_stored_and_says_why(string json, string reason)
    {
        var ack = JetStreamAckInbox.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.False(ack.Stored);
        Assert.Contains(reason, ack.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_read_loop_waits_for_a_slow_publisher_but_not_for_a_stalled_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = new PublishQueue(capacity: 10, new ConnectorStats(), slowDepth: 4);
        for (var i = 0; i < 5; i++)
            Assert.True(queue.TryEnqueue(new OutboundFrame()));
        Assert.True(queue.ShouldPace);

        // The publisher takes two frames while the read loop waits: it reads on.
        var waiting = queue.WaitBelowSlowDepthAsync(TimeSpan.FromSeconds(30), TimeProvider.System, ct).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(queue.TryRead(out _));
        Assert.True(queue.TryRead(out _));
        Assert.Equal(PaceOutcome.CaughtUp, await waiting);

        // Nobody takes anything: stalled once (said by the first waiter), and nobody waits again...
        Assert.True(queue.TryEnqueue(new OutboundFrame()));
        Assert.Equal(PaceOutcome.StalledNow, await queue.WaitBelowSlowDepthAsync(TimeSpan.FromMilliseconds(50), TimeProvider.System, ct));
        Assert.Equal(PaceOutcome.Stalled, await queue.WaitBelowSlowDepthAsync(TimeSpan.FromSeconds(30), TimeProvider.System, ct));
        Assert.False(queue.ShouldPace);

        // ...until the queue drains below the depth.
        Assert.True(queue.TryRead(out _));
        Assert.False(queue.Stalled);
    }
}
