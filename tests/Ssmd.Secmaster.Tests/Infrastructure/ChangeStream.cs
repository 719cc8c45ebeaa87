using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>A JetStream stream of its own capturing <c>{prefix}.secmaster.&gt;</c>, and a publisher into it.</summary>
internal sealed class ChangeStream : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private ChangeStream(NatsConnection connection, NatsJSContext jetStream, string name, string prefix)
    {
        _connection = connection;
        JetStream = jetStream;
        Name = name;
        Prefix = prefix;
    }

    public NatsJSContext JetStream { get; }

    public string Name { get; }

    public string Prefix { get; }

    public static async Task<ChangeStream> CreateAsync(NatsServerFixture nats, CancellationToken cancellationToken)
    {
        var connection = await nats.CreateConnectionAsync(cancellationToken);
        var jetStream = new NatsJSContext(connection);
        var name = nats.NextStreamName("SECMASTER");
        var prefix = nats.NextSubjectPrefix();
        await jetStream.CreateStreamAsync(new StreamConfig(name, [$"{prefix}.secmaster.>"]) { DuplicateWindow = TimeSpan.FromMinutes(2) }, cancellationToken);
        return new ChangeStream(connection, jetStream, name, prefix);
    }

    public SecmasterChangePublisher Publisher(SecmasterRepository repository) =>
        new(JetStream, repository, NullLogger<SecmasterChangePublisher>.Instance, Prefix);

    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (long)(await JetStream.GetStreamAsync(Name, cancellationToken: cancellationToken)).Info.State.Messages;

    /// <summary>The subjects of every message in the stream, oldest first.</summary>
    public async Task<List<(string Subject, string? MsgId, string Body)>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var stream = await JetStream.GetStreamAsync(Name, cancellationToken: cancellationToken);
        var total = (long)stream.Info.State.Messages;
        var consumer = await stream.CreateOrderedConsumerAsync(cancellationToken: cancellationToken);
        var messages = new List<(string, string?, string)>();
        if (total == 0)
            return messages;
        await foreach (var message in consumer.ConsumeAsync<string>(cancellationToken: cancellationToken))
        {
            messages.Add((message.Subject, message.Headers?["Nats-Msg-Id"].ToString(), message.Data ?? ""));
            if (messages.Count == total)
                break;
        }

        return messages;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
