using System.Runtime.CompilerServices;
using Ssmd.Storage.Internal;

namespace Ssmd.Storage;

/// <summary>
/// A local folder as object store: bucket <c>b</c>, key <c>k</c> is the file <c>{root}/b/k</c>. Every
/// write goes to a temporary file beside its target, is flushed to disk, and is then renamed over the
/// target (an atomic replace on POSIX file systems), so a reader sees the old file or the new one whole.
/// </summary>
public sealed class FolderObjectStore : IObjectStore
{
    /// <summary>Temporary files start with this and are never listed.</summary>
    internal const string TempMarker = ".ssmd-tmp-";

    private readonly string _root;

    /// <summary>A store under <paramref name="root"/> (created when missing).</summary>
    public FolderObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public string Description => $"folder {_root}";

    /// <summary>The file that holds <paramref name="key"/> (for tests and tools).</summary>
    public string PathOf(string bucket, string key)
    {
        ObjectKeys.Check(bucket, key);
        return Path.Combine(_root, bucket, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <inheritdoc />
    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        ObjectKeys.CheckBucket(bucket);
        Directory.CreateDirectory(Path.Combine(_root, bucket));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task PutFileAsync(string bucket, string key, string path, CancellationToken cancellationToken = default)
    {
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
            await WriteAtomicallyAsync(bucket, key, (target, ct) => source.CopyToAsync(target, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task PutBytesAsync(string bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAtomicallyAsync(bucket, key, (target, ct) => target.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.CheckBucket(bucket);
        ObjectKeys.CheckPrefix(prefix);
        var bucketRoot = Path.Combine(_root, bucket);
        var folder = Path.Combine(bucketRoot, prefix.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
            yield break;
        var keys = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetFileName(file).StartsWith(TempMarker, StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(bucketRoot, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(bucket, key));
        return Task.CompletedTask;
    }

    private async Task WriteAtomicallyAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var target = PathOf(bucket, key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{TempMarker}{Guid.NewGuid():N}");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                // Durable before it becomes visible: a crash after the rename must not leave an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
