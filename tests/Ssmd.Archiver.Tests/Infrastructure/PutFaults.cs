using Ssmd.Storage;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>
/// An object store whose PUTs of day manifests (<c>_manifest.json</c>) fail while <see cref="Failing"/> is set: a
/// flush cut after its files are put and before the manifests are (a pod killed there); and whose next PUT of the
/// file <see cref="FailFileOnce"/> fails once. Every other call goes straight through.
/// </summary>
internal sealed class PutFaults(IObjectStore inner) : IObjectStore
{
    private int _failed;

    /// <summary>While set, every manifest PUT throws (after <see cref="Allow"/>).</summary>
    public bool Failing { get; set; }

    /// <summary>While <see cref="Failing"/>, this many more manifest PUTs go through first.</summary>
    public int Allow { get; set; }

    /// <summary>Manifest PUTs refused so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public string Description => inner.Description;

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);

    /// <summary>The key whose next file PUT fails (then cleared).</summary>
    public string? FailFileOnce { get; set; }

    public Task PutFileAsync(string bucket, string key, string path, CancellationToken cancellationToken = default)
    {
        if (key == FailFileOnce)
        {
            FailFileOnce = null;
            return Task.FromException(new ObjectStoreException($"Injected failure putting {key}"));
        }

        return Refuse(key) ?? inner.PutFileAsync(bucket, key, path, cancellationToken);
    }

    public Task PutBytesAsync(string bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Refuse(key) ?? inner.PutBytesAsync(bucket, key, content, cancellationToken);

    public Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(bucket, key, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(bucket, prefix, cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);

    private Task? Refuse(string key)
    {
        if (!Failing || !key.EndsWith(ArchiveLayout.ManifestName, StringComparison.Ordinal))
            return null;
        lock (this)
        {
            if (Allow > 0)
            {
                Allow--;
                return null;
            }
        }

        Interlocked.Increment(ref _failed);
        return Task.FromException(new ObjectStoreException($"Injected failure putting {key}"));
    }
}
