using System.Globalization;
using Ssmd.Archiver.Consuming;
using Ssmd.Storage;

namespace Ssmd.Archiver.Parts;

/// <summary>
/// Where a source's parts live: <c>{bucket}/{prefix}/_parts/{consumer}/{first:D20}-{last:D20}-{id}.jnl</c>,
/// where first and last are the lowest and highest stream sequence the part holds and id keeps two parts
/// of the same range (a redelivery) apart. A part's body is journal records, exactly as a journal segment
/// holds them. A part whose last sequence is at or below the journal's <c>FlushedThrough</c> is in the
/// archive files and is removed.
/// </summary>
internal sealed class ArchiveParts(IObjectStore store, ArchiveLayout layout)
{
    public const string Folder = "_parts";
    private const string Extension = ".jnl";

    public IObjectStore Store => store;

    public string Bucket(ArchiveSource source) => layout.Bucket(source.Archive);

    /// <summary><c>{prefix}/_parts/{consumer}/</c>.</summary>
    public string Prefix(ArchiveSource source)
    {
        var prefix = layout.Location(source.Archive).Prefix;
        return $"{(prefix.Length == 0 ? "" : prefix + "/")}{Folder}/{source.Consumer}/";
    }

    public string Key(ArchiveSource source, ulong first, ulong last) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(source)}{first:D20}-{last:D20}-{Guid.NewGuid():N}{Extension}");

    /// <summary>Every part of <paramref name="source"/> with its last sequence, oldest first.</summary>
    public async Task<List<(string Key, ulong Last)>> ListAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        var parts = new List<(string Key, ulong Last)>();
        var prefix = Prefix(source);
        await foreach (var key in store.ListAsync(Bucket(source), prefix, cancellationToken).ConfigureAwait(false))
        {
            if (TryParseLast(key.AsSpan(prefix.Length), out var last))
                parts.Add((key, last));
        }

        return parts;
    }

    /// <summary>Removes the parts whose every message is in the archive files (last sequence ≤ <paramref name="flushedThrough"/>).</summary>
    public async Task<int> RemoveFlushedAsync(ArchiveSource source, ulong flushedThrough, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (key, last) in await ListAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (last > flushedThrough)
                continue;
            await store.DeleteAsync(Bucket(source), key, cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    private static bool TryParseLast(ReadOnlySpan<char> name, out ulong last)
    {
        last = 0;
        // {first:D20}-{last:D20}-{id}.jnl
        return name.Length > 42 && name[20] == '-' && name[41] == '-' && name.EndsWith(Extension, StringComparison.Ordinal)
            && ulong.TryParse(name.Slice(21, 20), NumberStyles.None, CultureInfo.InvariantCulture, out last);
    }
}
