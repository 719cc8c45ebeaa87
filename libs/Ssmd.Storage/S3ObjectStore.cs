using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ssmd.Storage.Internal;

namespace Ssmd.Storage;

/// <summary>
/// Any S3 endpoint (AWS, MinIO, s3rver) through AWSSDK.S3. Objects are written with one PUT, which S3
/// makes visible whole or not at all (up to 5 GiB, far above one archive file). Bodies are sent
/// unchunked (<c>UseChunkEncoding = false</c>): s3rver stores aws-chunked framing verbatim, and MinIO
/// and AWS accept plain bodies too. The client should use path-style addressing and checksums only
/// when required (as <c>AddArchiveStore</c> configures it).
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 s3, string description) : IObjectStore
{
    private const long MaxSinglePut = 5L << 30;

    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        ObjectKeys.CheckBucket(bucket);
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: what we wanted.
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw new ObjectStoreException($"Could not create bucket '{bucket}' at {description}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task PutFileAsync(string bucket, string key, string path, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Check(bucket, key);
        var length = new FileInfo(path).Length;
        if (length > MaxSinglePut)
            throw new ObjectStoreException($"'{key}' is {length} bytes, more than one S3 PUT takes (5 GiB).");
        await PutAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = path, UseChunkEncoding = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PutBytesAsync(string bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Check(bucket, key);
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await PutAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Check(bucket, key);
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new ObjectReadStream(response.ResponseStream, $"'{bucket}/{key}' at {description}");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw new ObjectStoreException($"Could not read '{bucket}/{key}' at {description}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.CheckBucket(bucket);
        ObjectKeys.CheckPrefix(prefix);
        // ListObjects (v1) with a marker: s3rver fails V2 continuation tokens; AWS and MinIO serve both.
        var request = new ListObjectsRequest { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            ListObjectsResponse response;
            try
            {
                response = await s3.ListObjectsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }
            catch (Exception e) when (IsStoreFailure(e, cancellationToken))
            {
                throw new ObjectStoreException($"Could not list '{bucket}/{prefix}' at {description}: {e.Message}", e);
            }

            var objects = response.S3Objects ?? [];
            foreach (var item in objects)
                yield return item.Key;
            if (response.IsTruncated != true || objects.Count == 0)
                yield break;
            request.Marker = objects[^1].Key;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Check(bucket, key);
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw new ObjectStoreException($"Could not delete '{bucket}/{key}' at {description}: {e.Message}", e);
        }
    }

    private async Task PutAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw new ObjectStoreException($"Could not write '{request.BucketName}/{request.Key}' at {description}: {e.Message}", e);
        }
    }

    /// <summary>
    /// What the store's callers retry: S3 errors, network failures, and timeouts — the SDK reports its
    /// own request timeout as <see cref="TimeoutException"/> or a cancellation nobody asked for. A
    /// cancellation the caller asked for stays a cancellation.
    /// </summary>
    private static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
