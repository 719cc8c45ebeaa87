using System.Runtime.CompilerServices;

namespace Ssmd.Storage.Internal;

/// <summary>A k-way merge of event sources by receive time; ties keep source order, so the merge is stable.</summary>
internal static class EventMerge
{
    /// <summary>
    /// Yields the source whose current event comes next. The caller reads it before asking for the
    /// next one; the source is advanced then. Sources are disposed by the caller.
    /// </summary>
    public static async IAsyncEnumerable<IEventSource> MergeAsync(IReadOnlyList<IEventSource> sources, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = new PriorityQueue<int, (long Time, int Index)>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            if (await sources[i].MoveNextAsync(cancellationToken).ConfigureAwait(false))
                queue.Enqueue(i, (sources[i].ReceiveTime, i));
        }

        while (queue.TryDequeue(out var index, out _))
        {
            var source = sources[index];
            yield return source;
            if (await source.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                queue.Enqueue(index, (source.ReceiveTime, index));
        }
    }
}
