using Ssmd.Storage;
using Ssmd.Testing;

namespace Ssmd.Archiver.Tests;

/// <summary>One contract, two backends: what the archiver relies on from an object store.</summary>
public abstract class ObjectStoreConformanceTests
{
    protected abstract Task<(IObjectStore Store, string Bucket)> CreateAsync(CancellationToken cancellationToken);

    [Fact(Timeout = 30_000)]
    public async Task Put_replace_read_list_and_delete_behave_as_the_archiver_expects()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, bucket) = await CreateAsync(ct);
        Assert.Null(await store.OpenReadAsync(bucket, "a/b/missing.bin", ct));
        await store.PutBytesAsync(bucket, "day/1/x.bin", "first"u8.ToArray(), ct);
        await store.PutBytesAsync(bucket, "day/1/x.bin", "second, longer"u8.ToArray(), ct);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, new byte[100_000], ct);
        await store.PutFileAsync(bucket, "day/2/T.1/data.bin", file, ct);
        File.Delete(file);

        await using (var read = (await store.OpenReadAsync(bucket, "day/1/x.bin", ct))!)
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy, ct);
            Assert.Equal("second, longer"u8.ToArray(), copy.ToArray());
        }

        var keys = new List<string>();
        await foreach (var key in store.ListAsync(bucket, "day/", ct))
            keys.Add(key);
        Assert.Equal(["day/1/x.bin", "day/2/T.1/data.bin"], keys);
        await store.DeleteAsync(bucket, "day/1/x.bin", ct);
        Assert.Null(await store.OpenReadAsync(bucket, "day/1/x.bin", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync(bucket, "../escape", "x"u8.ToArray(), ct));
    }
}

public sealed class FolderObjectStoreTests : ObjectStoreConformanceTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ssmd-folder-store-{Guid.NewGuid():N}");

    protected override async Task<(IObjectStore Store, string Bucket)> CreateAsync(CancellationToken cancellationToken)
    {
        var store = new FolderObjectStore(_root);
        await store.EnsureBucketAsync("bucket", cancellationToken);
        return (store, "bucket");
    }

    [Fact]
    public async Task A_replaced_file_is_never_seen_half_written_and_no_temporary_file_is_left()
    {
        var (store, bucket) = await CreateAsync(TestContext.Current.CancellationToken);
        await store.PutBytesAsync(bucket, "k/v.bin", new byte[1 << 20], TestContext.Current.CancellationToken);
        Assert.Equal(["v.bin"], Directory.GetFiles(Path.Combine(_root, bucket, "k")).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

public sealed class S3ObjectStoreTests(S3rverFixture s3) : ObjectStoreConformanceTests, IDisposable
{
    private readonly Amazon.S3.AmazonS3Client _client = s3.CreateClient();

    protected override async Task<(IObjectStore Store, string Bucket)> CreateAsync(CancellationToken cancellationToken)
    {
        var store = new S3ObjectStore(_client, "s3rver");
        var bucket = $"conformance-{Guid.NewGuid():N}"[..30];
        await store.EnsureBucketAsync(bucket, cancellationToken);
        await store.EnsureBucketAsync(bucket, cancellationToken);
        return (store, bucket);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>An S3 endpoint that accepts connections and never answers (a hung MinIO, a stuck proxy).</summary>
public sealed class HungS3ObjectStoreTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_request_that_times_out_is_an_object_store_failure_the_archiver_retries_not_a_cancellation()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.Socket>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                    accepted.Add(await listener.AcceptSocketAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        try
        {
            using var client = new Amazon.S3.AmazonS3Client(
                new Amazon.Runtime.BasicAWSCredentials("key", "secret"),
                new Amazon.S3.AmazonS3Config
                {
                    ServiceURL = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}",
                    ForcePathStyle = true,
                    AuthenticationRegion = "us-east-1",
                    Timeout = TimeSpan.FromSeconds(1),
                    MaxErrorRetry = 0,
                });
            var store = new S3ObjectStore(client, "hung");

            // The caller's token is not cancelled: a timeout is the store failing, which the archiver retries.
            var put = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutBytesAsync("bucket", "k/v.bin", "x"u8.ToArray(), ct));
            Assert.Contains("bucket/k/v.bin", put.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ObjectStoreException>(() => store.OpenReadAsync("bucket", "k/v.bin", ct));
            await Assert.ThrowsAsync<ObjectStoreException>(() => store.EnsureBucketAsync("bucket", ct));

            // A cancellation the caller asked for stays a cancellation.
            using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var slow = new Amazon.S3.AmazonS3Client(
                new Amazon.Runtime.BasicAWSCredentials("key", "secret"),
                new Amazon.S3.AmazonS3Config { ServiceURL = client.Config.ServiceURL, ForcePathStyle = true, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(30), MaxErrorRetry = 0 });
            using (slow)
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new S3ObjectStore(slow, "hung").PutBytesAsync("bucket", "k/v.bin", "x"u8.ToArray(), cancelled.Token));
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
            foreach (var socket in accepted)
                socket.Dispose();
        }
    }
}
