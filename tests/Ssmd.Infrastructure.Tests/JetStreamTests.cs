using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;
using Ssmd.Infrastructure.Tests.Internal;
using Ssmd.Testing;

namespace Ssmd.Infrastructure.Tests;

public sealed class JetStreamTests(NatsServerFixture nats)
{
    [Fact]
    public async Task A_publish_with_a_duplicate_msg_id_inside_the_duplicate_window_is_rejected_as_duplicate()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        await using var connection = await nats.CreateConnectionAsync(ct);
        var js = connection.CreateJetStreamContext();
        var subjects = nats.NextSubjectPrefix();
        var stream = await js.CreateStreamAsync(
            new StreamConfig(nats.NextStreamName(), [$"{subjects}.>"]) { DuplicateWindow = TimeSpan.FromMinutes(2) }, ct);
        var sameId = new NatsJSPubOpts { MsgId = "KXBTC-25NOV25-T1:seq-42" };

        var first = await js.PublishAsync($"{subjects}.trade", "first"u8.ToArray(), opts: sameId, cancellationToken: ct);
        var second = await js.PublishAsync($"{subjects}.trade", "second"u8.ToArray(), opts: sameId, cancellationToken: ct);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Seq, second.Seq);
        await stream.RefreshAsync(ct);
        Assert.Equal(1, stream.Info.State.Messages);
    }
}
