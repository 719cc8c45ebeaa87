using System.Collections.Concurrent;

namespace Ssmd.Gateway.Streaming;

/// <summary>The connected WebSocket clients (for the client limit, metrics and shutdown).</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, StreamClient> _clients = new();
    private long _nextId;
    private int _places;

    /// <summary>
    /// Takes one of <paramref name="max"/> places before the WebSocket handshake, so handshakes that start
    /// together cannot all pass the limit; false when none is free. Each place taken is given back by <see cref="Release"/>.
    /// </summary>
    public bool TryTakePlace(int max)
    {
        if (Interlocked.Increment(ref _places) <= max)
            return true;
        Interlocked.Decrement(ref _places);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _places);

    public int Count => _clients.Count;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(StreamClient client) => _clients[client.Id] = client;

    public void Remove(StreamClient client) => _clients.TryRemove(client.Id, out _);

    public IEnumerable<StreamClient> All => _clients.Values;

    public long TotalQueueDepth() => _clients.Values.Sum(c => (long)c.QueueDepth);

    public int MaxQueueDepth() => _clients.Values.Select(c => c.QueueDepth).DefaultIfEmpty(0).Max();
}
