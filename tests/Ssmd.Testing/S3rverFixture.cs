using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ssmd.Testing.Internal;
using Xunit;

namespace Ssmd.Testing;

/// <summary>
/// A real s3rver (a small S3-compatible server on Node.js) on 127.0.0.1, storing objects in a temp
/// folder of its own. Use it once per test assembly (<c>[assembly: AssemblyFixture(typeof(S3rverFixture))]</c>)
/// or per class; tests keep apart through <see cref="CreateBucketAsync"/>.
/// </summary>
/// <remarks>
/// Uploads to s3rver must set <c>UseChunkEncoding = false</c> on <see cref="PutObjectRequest"/> and
/// <see cref="UploadPartRequest"/>: the SDK otherwise sends the body aws-chunked (signed chunks with
/// their headers inline), and s3rver stores that framing verbatim as the object's bytes.
/// </remarks>
public sealed class S3rverFixture : IAsyncLifetime
{
    /// <summary>Environment variable that overrides finding <c>s3rver</c> on PATH.</summary>
    public const string ServerPathVariable = "SSMD_S3RVER";

    private TempFolder? _folder;
    private LocalServerProcess? _server;
    private int _nextId;

    /// <summary>The endpoint, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Server.Ports[0]}";

    /// <summary>s3rver's fixed access key.</summary>
    public string AccessKey => "S3RVER";

    /// <summary>s3rver's fixed secret key (a well-known test value, not a secret).</summary>
    public string SecretKey => "S3RVER";

    /// <summary>ssmd's S3 connection string: <c>Endpoint=http://127.0.0.1:port;AccessKey=S3RVER;SecretKey=S3RVER</c>.</summary>
    public string ConnectionString => $"Endpoint={ServiceUrl};AccessKey={AccessKey};SecretKey={SecretKey}";

    /// <summary>The s3rver (node) process id.</summary>
    public int ProcessId => Server.Id;

    /// <summary>The fixture's temp folder (s3rver's data folder), deleted on dispose.</summary>
    public string Folder => _folder?.Path ?? throw NotStarted();

    private LocalServerProcess Server => _server ?? throw NotStarted();

    /// <summary>Starts the server; xunit calls this once for the fixture.</summary>
    public ValueTask InitializeAsync() => new(StartAsync(TestContext.Current.CancellationToken));

    /// <summary>Starts s3rver and returns once <c>GET /</c> answers 200.</summary>
    /// <exception cref="LocalServerException">s3rver is missing, died, or did not become ready in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
            throw new InvalidOperationException($"{nameof(S3rverFixture)} is already started.");

        _folder = TempFolder.Create("s3rver");
        try
        {
            _server = await LocalServerProcess.StartAsync(Spec(fixedPorts: null), cancellationToken);
        }
        catch
        {
            _folder.Dispose();
            _folder = null;
            throw;
        }
    }

    /// <summary>
    /// Starts s3rver again (after <see cref="StopAsync"/>) on the same port with the same data folder, so
    /// clients reach it at the URL they know and find their buckets and objects: a storage outage and its end.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        var ports = Server.Ports;
        await Server.StopAsync();
        _server = await LocalServerProcess.StartAsync(Spec(ports), cancellationToken);
    }

    private LocalServerSpec Spec(int[]? fixedPorts)
    {
        var binary = ServerBinary.ResolveOnPath("s3rver", ServerPathVariable, "s3rver", "npm install -g s3rver");
        var folder = Folder;
        return new LocalServerSpec
        {
            Name = "s3rver",
            FileName = binary,
            WorkingDirectory = folder,
            FixedPorts = fixedPorts,
            Arguments = ports => ["-d", folder, "-a", "127.0.0.1", "-p", $"{ports[0]}", "--silent"],
            // GET / lists the buckets (ListAllMyBucketsResult) once it listens.
            IsReadyAsync = (ports, ct) => HttpProbe.IsOkAsync($"http://127.0.0.1:{ports[0]}/", ct),
        };
    }

    /// <summary>
    /// A client for this s3rver; the caller disposes it. Path-style addressing (no bucket subdomains on
    /// 127.0.0.1) and checksums only where S3 requires them (s3rver does not compute the newer CRC ones).
    /// Remember <c>UseChunkEncoding = false</c> on uploads (see the class remarks).
    /// </summary>
    public AmazonS3Client CreateClient() =>
        new(
            new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config
            {
                ServiceURL = ServiceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });

    /// <summary>Creates a bucket no other test of this run uses and returns its name, e.g. <c>test-3</c>.</summary>
    public async Task<string> CreateBucketAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test-{Interlocked.Increment(ref _nextId)}";
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name }, cancellationToken);
        return name;
    }

    /// <summary>
    /// Stops s3rver (SIGTERM, then SIGKILL after 15 s) but keeps its folder; <see cref="RestartAsync"/> brings
    /// it back. Idempotent. A fixture shared by other tests must not be stopped: make one of the test's own.
    /// </summary>
    public Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Stops the server and deletes its temp folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder?.Dispose();
    }

    private static InvalidOperationException NotStarted() =>
        new($"{nameof(S3rverFixture)} is not started: call {nameof(InitializeAsync)} or {nameof(StartAsync)} first.");
}
