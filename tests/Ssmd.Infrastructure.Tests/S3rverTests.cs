using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Ssmd.Infrastructure.Tests.Internal;
using Ssmd.Testing;

namespace Ssmd.Infrastructure.Tests;

public sealed class S3rverTests(S3rverFixture s3rver)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_6_MiB_random_object_uploaded_in_two_parts_round_trips_byte_for_byte()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        var bucket = await s3rver.CreateBucketAsync(ct);
        using var s3 = s3rver.CreateClient();
        var data = RandomNumberGenerator.GetBytes(6 * MiB);
        const string key = "archive/2025/11/25/trades.capnp.zst";

        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, ct);
        // 5 MiB is S3's smallest part but the last; the second part is the 1 MiB rest.
        var parts = new List<PartETag>();
        foreach (var (number, offset, length) in new[] { (1, 0, 5 * MiB), (2, 5 * MiB, 1 * MiB) })
        {
            var part = await s3.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    PartSize = length,
                    InputStream = new MemoryStream(data, offset, length, writable: false),
                    // s3rver would store aws-chunked framing as the object's bytes.
                    UseChunkEncoding = false,
                },
                ct);
            parts.Add(new PartETag(number, part.ETag));
        }

        await s3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts }, ct);
        var stored = await DownloadAsync(s3, bucket, key, ct);

        Assert.Equal(data.Length, stored.Length);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(stored));
    }

    [Fact]
    public async Task A_small_object_put_in_one_request_round_trips_byte_for_byte()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        var bucket = await s3rver.CreateBucketAsync(ct);
        using var s3 = s3rver.CreateClient();
        var data = RandomNumberGenerator.GetBytes(1000);

        await s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = "small.bin",
                InputStream = new MemoryStream(data, writable: false),
                UseChunkEncoding = false,
            },
            ct);
        var stored = await DownloadAsync(s3, bucket, "small.bin", ct);

        Assert.Equal(data, stored);
    }

    [Fact]
    public async Task Each_created_bucket_is_new_and_empty()
    {
        using var timeout = TestTimeout.Start();
        var ct = timeout.Token;
        using var s3 = s3rver.CreateClient();

        var first = await s3rver.CreateBucketAsync(ct);
        var second = await s3rver.CreateBucketAsync(ct);
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = second }, ct);

        Assert.NotEqual(first, second);
        Assert.Empty(listing.S3Objects ?? []);
    }

    private static async Task<byte[]> DownloadAsync(IAmazonS3 s3, string bucket, string key, CancellationToken ct)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
