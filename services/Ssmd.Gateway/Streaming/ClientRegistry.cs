using System.Collections.Concurrent;

namespace Ssmd.Gateway.Streaming;

/// <summary>The connected WebSocket clients (for the client limit, metrics and shutdown).</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, StreamClient> _clients = new();
    private long _nextId;

    public int Count => _clients.Count;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(StreamClient client) => _clients[client.Id] = client;

    public void Remove(StreamClient client) => _clients.TryRemove(client.Id, out _);

    public IEnumerable<StreamClient> All => _clients.Values;

    public long TotalQueueDepth() => _clients.Values.Sum(c => (long)c.QueueDepth);

    public int MaxQueueDepth() => _clients.Values.Select(c => c.QueueDepth).DefaultIfEmpty(0).Max();
}
