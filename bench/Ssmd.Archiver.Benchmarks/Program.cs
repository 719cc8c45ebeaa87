// Archiver throughput against an anchor measured in the same run.
//   dotnet run -c Release --project bench/Ssmd.Archiver.Benchmarks [-- frames]
// Starts a real nats-server, publishes `frames` trade frames (raw + normalized Cap'n Proto, 2 messages each,
// 2,000 tickers) before timing, then times the archiver in this process from start until every message is
// acknowledged and flushed into a folder store. Anchor: zstd level 3 compress-and-write of exactly the
// bytes the archive holds (the JSONL lines and the Cap'n Proto frames), one stream per file kind.
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.JetStream;
using Ssmd.Archiver;
using Ssmd.Archiver.Benchmarks;
using Ssmd.Environments;
using Ssmd.Storage;
using Ssmd.Streams;
using Ssmd.Testing;

var frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var root = Directory.CreateTempSubdirectory("ssmd-archiver-bench").FullName;
try
{
    var repository = BenchFeed.RepositoryRoot();
    var environment = SsmdEnvironmentLoader.Load(Path.Combine(repository, "environments", "sim.yaml"));
    var feed = new BenchFeed(frames, 2_000);

    await using var nats = new NatsServerFixture();
    await nats.StartAsync();
    await using var connection = await nats.CreateConnectionAsync();
    var jetStream = new NatsJSContext(connection);
    await SsmdStreams.EnsureAsync(jetStream, environment);
    await feed.PublishAsync(jetStream);

    // Anchor: the same bytes, zstd-compressed and written, in this run.
    var anchor = Stopwatch.StartNew();
    var (rawBytes, normalizedBytes) = await feed.CompressAndWriteAsync(Path.Combine(root, "anchor"));
    anchor.Stop();

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = repository, EnvironmentName = "Production" });
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:nats"] = nats.Url,
        ["ConnectionStrings:archive"] = new Uri(Path.Combine(root, "store") + "/").AbsoluteUri,
        ["Ssmd:Environment"] = "sim",
        ["Ssmd:EnvironmentsRoot"] = repository,
        ["Archiver:WorkDirectory"] = Path.Combine(root, "work"),
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.AddServiceDefaults();
    builder.AddArchiver();
    await using var app = builder.Build();
    var timer = Stopwatch.StartNew();
    await app.StartAsync();
    var flusher = app.Services.GetRequiredService<Ssmd.Archiver.Flushing.ArchiveFlusher>();
    foreach (var source in new[] { "raw", "trade" })
    {
        var stream = source == "raw" ? environment.Transport.Nats.RawStream.Name : environment.Transport.Nats.NormalizedStream.Name;
        while ((await jetStream.GetConsumerAsync(stream, $"ssmd-archiver-{source}")).Info is { } info && (info.NumPending > 0 || info.NumAckPending > 0))
            await Task.Delay(20);
    }

    while (flusher.Pending > 0)
        await flusher.FlushAsync("bench", CancellationToken.None);
    timer.Stop();
    await app.StopAsync();

    var store = new FolderObjectStore(Path.Combine(root, "store"));
    var reader = new ArchiveReader(store, environment.Storage);
    long rawArchived = 0, rawMessages = 0, normArchived = 0, normMessages = 0;
    foreach (var day in feed.Days)
    {
        foreach (var file in (await reader.ReadManifestAsync(ArchiveKind.Raw, day))?.Files ?? [])
            (rawArchived, rawMessages) = (rawArchived + file.Bytes, rawMessages + file.Messages);
        foreach (var file in (await reader.ReadManifestAsync(ArchiveKind.Normalized, day))?.Files ?? [])
            (normArchived, normMessages) = (normArchived + file.Bytes, normMessages + file.Messages);
    }

    var messages = 2.0 * frames;
    var inputMb = (feed.RawLineBytes + feed.NormalizedBytes) / 1e6;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"messages: {messages:N0} ({frames:N0} raw + {frames:N0} normalized, 2,000 tickers), input {inputMb:F1} MB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"anchor  (zstd-3 compress + write, same bytes): {anchor.Elapsed.TotalSeconds:F2} s  {messages / anchor.Elapsed.TotalSeconds:N0} msg/s  {inputMb / anchor.Elapsed.TotalSeconds:F1} MB/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"archiver (pull, journal fsync, ack, flush):     {timer.Elapsed.TotalSeconds:F2} s  {messages / timer.Elapsed.TotalSeconds:N0} msg/s  {inputMb / timer.Elapsed.TotalSeconds:F1} MB/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archiver / anchor throughput: {anchor.Elapsed.TotalSeconds / timer.Elapsed.TotalSeconds:F3}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"bytes/message after compression: raw {(double)rawArchived / rawMessages:F1} (anchor {(double)rawBytes / frames:F1}), normalized {(double)normArchived / normMessages:F1} (anchor {(double)normalizedBytes / frames:F1}); normalized/raw {(double)normArchived / normMessages / ((double)rawArchived / rawMessages):F2}"));
    if (rawMessages != frames || normMessages != frames)
        throw new InvalidOperationException($"archived {rawMessages} raw and {normMessages} normalized of {frames} each");
}
finally
{
    Directory.Delete(root, recursive: true);
}
