namespace Ssmd.Gateway.Feed;

/// <summary>How far the gateway has read the normalized stream: readiness depends on having caught up once.</summary>
public sealed class FeedState
{
    private long _lastSequence;
    private int _caughtUp;

    /// <summary>The stream sequence of the last message applied.</summary>
    public ulong LastSequence => (ulong)Interlocked.Read(ref _lastSequence);

    /// <summary>True once every message stored when the gateway started has been applied.</summary>
    public bool CaughtUp => Volatile.Read(ref _caughtUp) == 1;

    internal void Applied(ulong sequence) => Interlocked.Exchange(ref _lastSequence, (long)sequence);

    internal void MarkCaughtUp() => Volatile.Write(ref _caughtUp, 1);

    /// <summary>A new stream under the same name: read from its first message, not ready until caught up with it.</summary>
    internal void Restart()
    {
        Interlocked.Exchange(ref _lastSequence, 0);
        Volatile.Write(ref _caughtUp, 0);
    }
}
