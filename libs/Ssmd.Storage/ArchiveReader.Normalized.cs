using System.Runtime.CompilerServices;
using Ssmd.Storage.Internal;
using Ssmd.Streams;

namespace Ssmd.Storage;

public sealed partial class ArchiveReader
{
    /// <summary>
    /// Normalized events of a day in receive-time order: of one <paramref name="ticker"/>, or of every
    /// ticker when null; of the given <paramref name="kinds"/>, or all four. Events with equal receive
    /// times keep kind order, then ticker order, then file (stream) order.
    /// </summary>
    public async IAsyncEnumerable<NormalizedArchiveEvent> ReadNormalizedAsync(
        DateOnly day,
        IReadOnlyCollection<NormalizedKind>? kinds = null,
        string? ticker = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = await ListNormalizedAsync(day, kinds, ticker, cancellationToken).ConfigureAwait(false);
        var open = Math.Max(2, MaxOpenFiles);

        // Merge rounds: groups of at most `open` inputs become one spill file each, in order (ties keep source
        // order), until few enough are left. Every source not yet handed to a merge is in `inputs` or `round`, so
        // a failure or a cancellation mid-round leaves no spill file behind (each deletes itself when disposed).
        List<IEventSource> inputs = [];
        var round = new Queue<IEventSource>();
        try
        {
            var pending = new Queue<(NormalizedKind Kind, string Ticker, string Key)>(files);
            if (files.Count > open)
            {
                while (pending.Count > 0)
                {
                    var group = await OpenAsync(pending, open, cancellationToken).ConfigureAwait(false);
                    inputs.Add(await SpillAsync(group, cancellationToken).ConfigureAwait(false));
                }

                while (inputs.Count > open)
                {
                    foreach (var spill in inputs)
                        round.Enqueue(spill);
                    inputs = [];
                    while (round.Count > 0)
                    {
                        var group = new List<IEventSource>(open);
                        while (group.Count < open && round.TryDequeue(out var spill))
                            group.Add(spill);
                        inputs.Add(await SpillAsync(group, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
            else
            {
                inputs = await OpenAsync(pending, open, cancellationToken).ConfigureAwait(false);
            }

            await foreach (var source in EventMerge.MergeAsync(inputs, cancellationToken).ConfigureAwait(false))
                yield return new NormalizedArchiveEvent(source.Kind, source.Ticker, source.ReceiveTime, source.Message.ToArray());
        }
        finally
        {
            foreach (var input in inputs.Concat(round))
                await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The normalized files of a day: kind, ticker and key, in kind then ticker order.</summary>
    public async Task<List<(NormalizedKind Kind, string Ticker, string Key)>> ListNormalizedAsync(
        DateOnly day, IReadOnlyCollection<NormalizedKind>? kinds, string? ticker, CancellationToken cancellationToken)
    {
        var files = new List<(NormalizedKind Kind, string Ticker, string Key)>();
        foreach (var kind in kinds ?? Enum.GetValues<NormalizedKind>())
        {
            var folder = Layout.NormalizedDayFolder(kind, day);
            if (ticker is not null && !ArchiveLayout.IsSafeSegment(ticker))
                continue;
            var prefix = ticker is null ? folder : $"{folder}{ticker}/";
            await foreach (var key in store.ListAsync(Layout.Normalized.Bucket, prefix, cancellationToken).ConfigureAwait(false))
            {
                var rest = key[folder.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && rest[(slash + 1)..] == "data.capnp.zst")
                    files.Add((kind, rest[..slash], key));
            }
        }

        return [.. files.OrderBy(f => f.Kind).ThenBy(f => f.Ticker, StringComparer.Ordinal)];
    }

    private async Task<List<IEventSource>> OpenAsync(Queue<(NormalizedKind Kind, string Ticker, string Key)> pending, int count, CancellationToken cancellationToken)
    {
        var opened = new List<IEventSource>();
        try
        {
            while (opened.Count < count && pending.TryDequeue(out var file))
            {
                var stream = await store.OpenReadAsync(Layout.Normalized.Bucket, file.Key, cancellationToken).ConfigureAwait(false)
                    ?? throw new FileNotFoundException($"'{Layout.Normalized.Bucket}/{file.Key}' disappeared while reading.");
                opened.Add(new FileEventSource(new NormalizedFileReader(stream, file.Kind, file.Ticker)));
            }

            return opened;
        }
        catch
        {
            foreach (var source in opened)
                await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IEventSource> SpillAsync(List<IEventSource> group, CancellationToken cancellationToken)
    {
        try
        {
            return await SpillFile.WriteAsync(TempFolder, group, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var source in group)
                await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
