using Ssmd.Archiver.Parts;
using Ssmd.Storage;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>
/// An object store whose reads of Stored mode's parts (keys under <c>_parts/</c>) can be slowed down, or fail
/// once at the <see cref="FailRead"/>th read (an S3 error or a pod killed in the middle of a restore). Every
/// other call goes straight through.
/// </summary>
internal sealed class PartReadFaults(IObjectStore inner) : IObjectStore
{
    private int _reads;

    /// <summary>The part read (1-based) that throws, once; 0 for none.</summary>
    public int FailRead { get; init; }

    /// <summary>How long every part read waits before it opens the part.</summary>
    public TimeSpan ReadDelay { get; init; }

    /// <summary>Part reads so far, the failed one included.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public string Description => inner.Description;

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);

    public Task PutFileAsync(string bucket, string key, string path, CancellationToken cancellationToken = default) => inner.PutFileAsync(bucket, key, path, cancellationToken);

    public Task PutBytesAsync(string bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutBytesAsync(bucket, key, content, cancellationToken);

    public async Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        if (("/" + key).Contains($"/{ArchiveParts.Folder}/", StringComparison.Ordinal))
        {
            var read = Interlocked.Increment(ref _reads);
            if (ReadDelay > TimeSpan.Zero)
                await Task.Delay(ReadDelay, cancellationToken);
            if (read == FailRead)
                throw new IOException($"Injected failure reading part {key}");
        }

        return await inner.OpenReadAsync(bucket, key, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(bucket, prefix, cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);
}
