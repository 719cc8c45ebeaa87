namespace Ssmd.Storage;

/// <summary>
/// Where archive files live: an S3 endpoint (<see cref="S3ObjectStore"/>) or a local folder
/// (<see cref="FolderObjectStore"/>). Writes are atomic: an object appears whole or not at all, and
/// replacing one leaves either the old or the new content, never a mix.
/// </summary>
public interface IObjectStore
{
    /// <summary>What and where, for logs (never a secret).</summary>
    string Description { get; }

    /// <summary>Creates <paramref name="bucket"/> when it does not exist.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Stores the local file at <paramref name="path"/> as <paramref name="key"/>, replacing any object there.</summary>
    Task PutFileAsync(string bucket, string key, string path, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> as <paramref name="key"/>, replacing any object there.</summary>
    Task PutBytesAsync(string bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading; null when there is none. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Every key under <paramref name="prefix"/> (a folder-like prefix ending in <c>/</c>, or empty), in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken = default);

    /// <summary>Removes an object; nothing happens when there is none.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default);
}
