using System.CommandLine;
using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Archiver.Internal;
using Ssmd.Environments;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Tools;

/// <summary>
/// The archiver's tool entry points: <c>verify</c> a day, <c>read raw</c> / <c>read normalized</c> a day
/// back. The store comes from <c>--archive</c> or <c>ConnectionStrings__archive</c>, NATS (for the stream
/// comparison) from <c>--nats</c> or <c>ConnectionStrings__nats</c>, the buckets from the environment.
/// </summary>
internal static class ArchiverCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "verify" or "read" or "export";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var day = new Option<string>("--day") { Description = "The UTC day, YYYY-MM-DD.", Required = true };
        var environment = new Option<string>("--environment") { Description = "Environment name or path (default: Ssmd:Environment, else sim)." };
        var archive = new Option<string>("--archive") { Description = "Archive connection string (default: ConnectionStrings:archive)." };
        var nats = new Option<string>("--nats") { Description = "NATS URL for the stream comparison (default: ConnectionStrings:nats; none: files only)." };
        var which = new Option<string>("--which") { Description = "raw, normalized or all (default all)." };
        var type = new Option<string>("--type") { Description = "Only this Kalshi message type." };
        var kind = new Option<string>("--kind") { Description = "Only this kind: trade, orderbook, ticker or status." };
        var ticker = new Option<string>("--ticker") { Description = "Only this market." };
        var format = new Option<string>("--format") { Description = "json (every field decoded, the default) or capnp (the message in base64)." };

        var verify = new Command("verify", "Check a day's files against its manifest and the stream; exit 1 on any discrepancy.") { day, environment, archive, nats, which };
        verify.SetAction((parse, ct) => VerifyAsync(Context(parse, environment, archive, nats), ParseDay(parse.GetValue(day)!), parse.GetValue(which) ?? "all", output, ct));

        var raw = new Command("raw", "Print a day's raw lines in receive order.") { day, environment, archive, type };
        raw.SetAction((parse, ct) => ReadRawAsync(Context(parse, environment, archive, null), ParseDay(parse.GetValue(day)!), parse.GetValue(type), output, ct));
        var normalized = new Command("normalized", "Print a day's normalized events (one ticker or all, merged by receive time) as JSON lines.")
            { day, environment, archive, kind, ticker, format };
        normalized.SetAction((parse, ct) => ReadNormalizedAsync(Context(parse, environment, archive, null), ParseDay(parse.GetValue(day)!), parse.GetValue(kind), parse.GetValue(ticker),
            ParseFormat(parse.GetValue(format)), output, ct));
        var read = new Command("read", "Read a day of the archive back.") { raw, normalized };

        var exportKind = new Option<string>("--kind") { Description = "trade, orderbook, ticker or status.", Required = true };
        var outPath = new Option<string>("--out") { Description = "The Parquet file to write (replaced whole, or left as it was on failure).", Required = true };
        var export = new Command("export", "Write one normalized kind of a day (one ticker or all) to a Parquet file.") { day, environment, archive, exportKind, ticker, outPath };
        export.SetAction((parse, ct) => ExportAsync(Context(parse, environment, archive, null), ParseDay(parse.GetValue(day)!), parse.GetValue(exportKind)!, parse.GetValue(ticker),
            parse.GetValue(outPath)!, output, ct));

        var root = new RootCommand("ssmd archiver tools (without a command: run the archiver)") { verify, read, export };
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or ObjectStoreException or Ssmd.Environments.SsmdEnvironmentException
            or Ssmd.ServiceDefaults.ConnectionStringException)
        {
            // Bad arguments or connection string, an unreachable store or an unwritable output: one line that says what (never a secret), not a stack trace.
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is Ssmd.Capnp.CapnpFormatException or FormatException or InvalidDataException or ZstdSharp.ZstdException)
        {
            await Console.Error.WriteLineAsync($"error: a damaged archive file ({e.Message}); 'verify' names it").ConfigureAwait(false);
            return 1;
        }
        catch (System.Text.Json.JsonException e)
        {
            // read and export read the day's manifest first (what it lacks is said before the data).
            await Console.Error.WriteLineAsync($"error: the day's manifest is not valid JSON ({e.Message}); 'verify' names it").ConfigureAwait(false);
            return 1;
        }
    }

    private static ToolContext Context(ParseResult parse, Option<string> environment, Option<string> archive, Option<string>? nats)
    {
        var builder = Host.CreateApplicationBuilder();
        // Standard output carries the data (piped to jq, zstd, files): every log line goes to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(environment) is { } env)
            overrides[ArchiverEnvironment.EnvironmentKey] = env;
        if (parse.GetValue(archive) is { } store)
            overrides["ConnectionStrings:archive"] = store;
        if (nats is not null && parse.GetValue(nats) is { } url)
            overrides["ConnectionStrings:nats"] = url;
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddArchiveStore("archive");
        var hasNats = nats is not null && !string.IsNullOrEmpty(builder.Configuration.GetConnectionString("nats"));
        if (hasNats)
            builder.AddNatsClient("nats");
        var definition = ArchiverEnvironment.Load(builder.Configuration, Environment.CurrentDirectory);
        var services = builder.Services.BuildServiceProvider();
        return new ToolContext(ObjectStores.Create(services), definition, hasNats ? services.GetRequiredService<INatsConnection>() : null);
    }

    private static async Task<int> VerifyAsync(ToolContext context, DateOnly day, string which, TextWriter output, CancellationToken cancellationToken)
    {
        var verifier = new ArchiveVerifier(context.Store, context.Environment.Storage);
        IArchiveStreamProbe? probe = context.Nats is { } nats ? new NatsStreamProbe(nats, new NatsJSContext((NatsConnection)nats)) : null;
        var archives = which switch
        {
            "raw" => [ArchiveKind.Raw],
            "normalized" => [ArchiveKind.Normalized],
            "all" => new[] { ArchiveKind.Raw, ArchiveKind.Normalized },
            _ => throw new ArgumentException($"--which must be raw, normalized or all, got '{which}'."),
        };
        var failed = false;
        foreach (var archive in archives)
        {
            var report = await verifier.VerifyAsync(archive, day, probe, cancellationToken).ConfigureAwait(false);
            foreach (var problem in report.Discrepancies)
                await output.WriteLineAsync($"{archive.ToString().ToLowerInvariant()}: {problem}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{archive.ToString().ToLowerInvariant()} {day:yyyy-MM-dd}: {report.FilesChecked} files, {report.MessagesChecked} messages, {report.Discrepancies.Count} discrepancies{(probe is null ? " (stream not compared)" : "")}")).ConfigureAwait(false);
            failed |= !report.Passed;
        }

        return failed ? 1 : 0;
    }

    private static async Task<int> ReadRawAsync(ToolContext context, DateOnly day, string? type, TextWriter output, CancellationToken cancellationToken)
    {
        var reader = new ArchiveReader(context.Store, context.Environment.Storage);
        if (await LackingAsync(reader, ArchiveKind.Raw, day, f => f.Kind == "raw" && (type is null || f.Name == type), cancellationToken).ConfigureAwait(false) is not { } lacking)
            return 1;
        await using var lines = new LineOutput(output);
        var line = new System.Buffers.ArrayBufferWriter<byte>();
        await foreach (var raw in reader.ReadRawAsync(day, type, cancellationToken).ConfigureAwait(false))
        {
            line.ResetWrittenCount();
            RawArchiveFormat.WriteLine(line, raw.TsMs, RawArchiveFormat.EncodeType(raw.Type), raw.Data.Span);
            await lines.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        return lacking == 0 ? 0 : 1;
    }

    private static async Task<int> ReadNormalizedAsync(ToolContext context, DateOnly day, string? kind, string? ticker, bool decode, TextWriter output, CancellationToken cancellationToken)
    {
        var reader = new ArchiveReader(context.Store, context.Environment.Storage);
        NormalizedKind[]? kinds = kind is null ? null : [ParseKind(kind)];
        if (await LackingAsync(reader, ArchiveKind.Normalized, day, f => Selects(f, kinds, ticker), cancellationToken).ConfigureAwait(false) is not { } lacking)
            return 1;
        await using var lines = new LineOutput(output);
        var json = new NormalizedEventJson();
        var unreadable = 0;
        await foreach (var e in reader.ReadNormalizedAsync(day, kinds, ticker, cancellationToken).ConfigureAwait(false))
        {
            ReadOnlyMemory<byte> line;
            try
            {
                line = decode ? json.Write(e) : json.WriteEncoded(e);
            }
            catch (Ssmd.Capnp.CapnpFormatException ex)
            {
                // The archive holds only what parsed when it was filed, so this is damage: said on stderr, and the exit code says so.
                unreadable++;
                await Console.Error.WriteLineAsync($"{SsmdSubjects.KindToken(e.Kind)} {e.Ticker} at receive time {e.ReceiveTime}: not a readable message: {ex.Message}").ConfigureAwait(false);
                continue;
            }

            await lines.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }

        return unreadable == 0 && lacking == 0 ? 0 : 1;
    }

    private static async Task<int> ExportAsync(ToolContext context, DateOnly day, string kind, string? ticker, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var normalizedKind = ParseKind(kind);
        var reader = new ArchiveReader(context.Store, context.Environment.Storage);
        if (await LackingAsync(reader, ArchiveKind.Normalized, day, f => Selects(f, [normalizedKind], ticker), cancellationToken).ConfigureAwait(false) is not { } lacking)
            return 1;

        var full = Path.GetFullPath(path);
        var temporary = full + ".partial";
        long rows;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                rows = await ParquetExport.WriteAsync(reader.ReadNormalizedAsync(day, [normalizedKind], ticker, cancellationToken), normalizedKind, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{full}: {rows} rows of {kind} for {day:yyyy-MM-dd}{(ticker is null ? "" : $" ({ticker})")}")).ConfigureAwait(false);
        return lacking == 0 ? 0 : 1;
    }

    /// <summary>
    /// Says on standard error what the archive lacks of the selected files (damaged or missing ones: the readers read
    /// what storage holds, so the output would be short without a word) and returns how many; null, after an error
    /// line, when the day has no manifest: it was never filed into this store (or the store is not the one meant),
    /// and empty output would look like a quiet day.
    /// </summary>
    private static async Task<int?> LackingAsync(ArchiveReader reader, ArchiveKind archive, DateOnly day, Func<ArchiveManifestFile, bool> selected, CancellationToken cancellationToken)
    {
        var name = archive.ToString().ToLowerInvariant();
        if (await reader.LackingAsync(archive, day, selected, cancellationToken).ConfigureAwait(false) is not { } lacking)
        {
            await Console.Error.WriteLineAsync($"error: no {name} archive of {day:yyyy-MM-dd} in this store").ConfigureAwait(false);
            return null;
        }

        foreach (var problem in lacking)
            await Console.Error.WriteLineAsync($"warning: {problem}; the output lacks them ('verify' checks the whole day)").ConfigureAwait(false);
        return lacking.Count;
    }

    /// <summary>Whether a normalized manifest entry is one of the kinds and the ticker asked for (not a rejected file).</summary>
    private static bool Selects(ArchiveManifestFile file, NormalizedKind[]? kinds, string? ticker) =>
        file.Kind != "rejected" && (kinds is null ? SsmdSubjects.KindTokens.Contains(file.Kind) : kinds.Any(k => SsmdSubjects.KindToken(k) == file.Kind))
        && (ticker is null || file.Name == ticker);

    private static NormalizedKind ParseKind(string kind)
    {
        var index = SsmdSubjects.KindTokens.ToList().IndexOf(kind);
        return index >= 0 ? (NormalizedKind)index : throw new ArgumentException($"--kind must be one of {string.Join(", ", SsmdSubjects.KindTokens)}, got '{kind}'.");
    }

    private static bool ParseFormat(string? format) => format switch
    {
        null or "json" => true,
        "capnp" => false,
        _ => throw new ArgumentException($"--format must be json or capnp, got '{format}'."),
    };

    private static DateOnly ParseDay(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ArgumentException($"--day must be YYYY-MM-DD, got '{text}'.");

    private sealed record ToolContext(IObjectStore Store, SsmdEnvironment Environment, INatsConnection? Nats);
}
