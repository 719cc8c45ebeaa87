using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Ssmd.Archiver.Consuming;
using Ssmd.Archiver.Flushing;
using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Journal;
using Ssmd.Archiver.Parts;
using Ssmd.ServiceDefaults;
using Ssmd.Storage;

namespace Ssmd.Archiver;

/// <summary>The archiver's wiring.</summary>
public static class Archiver
{
    /// <summary>
    /// Registers NATS (<c>ConnectionStrings:nats</c>), the archive store (<c>ConnectionStrings:archive</c>),
    /// the environment (<c>Ssmd:Environment</c>), the validated <c>Archiver</c> options, a journal and a
    /// durable consumer per source (acknowledging per <c>Archiver:AckMode</c>), the parts in storage, the
    /// flusher and its scheduler, metrics and the <c>archiver</c> health check.
    /// </summary>
    public static IHostApplicationBuilder AddArchiver(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNatsClient("nats");
        builder.AddNatsJetStream();
        builder.AddArchiveStore("archive");

        var environment = ArchiverEnvironment.Load(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(environment);
        builder.Services.AddOptions<ArchiverOptions>()
            .Bind(builder.Configuration.GetSection(ArchiverOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ArchiverOptions>, ValidateArchiverOptions>();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ArchiverOptions>>((host, archiver) => host.ShutdownTimeout = archiver.Value.ShutdownTimeout);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ObjectStores.Create);
        builder.Services.AddSingleton(_ => new ArchiveLayout(environment.Storage));
        builder.Services.AddSingleton<ArchiverHealth>();
        builder.Services.AddSingleton<IReadOnlyList<ArchiveJournal>>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ArchiverOptions>>().Value;
            return [.. ArchiveSource.From(environment, options).Select(source => new ArchiveJournal(source, options.WorkDirectory))];
        });
        builder.Services.AddSingleton(provider => new ArchiverMetrics(provider.GetRequiredService<IReadOnlyList<ArchiveJournal>>(), provider.GetRequiredService<ArchiveLayout>()));
        builder.Services.AddSingleton(provider => new ArchiveParts(provider.GetRequiredService<IObjectStore>(), provider.GetRequiredService<ArchiveLayout>()));
        builder.Services.AddSingleton<IEnumerable<ArchiveConsumer>>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ArchiverOptions>>().Value;
            var ackMode = options.EffectiveAckMode(provider.GetRequiredService<ArchiveStoreSettings>().Kind);
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger<ArchiveConsumer>();
            return [.. provider.GetRequiredService<IReadOnlyList<ArchiveJournal>>().Select(journal => new ArchiveConsumer(
                journal.Source, journal, provider.GetRequiredService<INatsJSContext>(), options, ackMode, provider.GetRequiredService<ArchiveParts>(),
                provider.GetRequiredService<ArchiverMetrics>(), provider.GetRequiredService<ArchiverHealth>(), provider.GetRequiredService<TimeProvider>(), logger))];
        });
        builder.Services.AddSingleton(provider => new ArchiveFlusher(
            provider.GetRequiredService<IReadOnlyList<ArchiveJournal>>(), provider.GetRequiredService<IObjectStore>(), provider.GetRequiredService<ArchiveLayout>(), provider.GetRequiredService<ArchiveParts>(),
            provider.GetRequiredService<NATS.Client.Core.INatsConnection>(), provider.GetRequiredService<INatsJSContext>(),
            provider.GetRequiredService<IOptions<ArchiverOptions>>().Value, provider.GetRequiredService<ArchiverMetrics>(), provider.GetRequiredService<ArchiverHealth>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ArchiveFlusher>>()));

        // Stop order is registration order reversed: the consumers stop first, then the scheduler's final flush runs.
        // The scheduler therefore starts first and ticks during the consumers' restore; it flushes nothing until that is done.
        builder.Services.AddHostedService<FlushScheduler>();
        builder.Services.AddHostedService<ArchiveConsumerService>();
        builder.Services.AddHealthChecks().AddCheck<ArchiverHealthCheck>("archiver");
        return builder;
    }

    /// <summary>
    /// <c>POST /admin/flush</c>: flushes everything the consumers' ack floors allow and answers what it
    /// wrote (200), or 503 with the storage error (nothing is lost: the journal keeps it), or 503 while
    /// start-up restores parts from storage.
    /// </summary>
    public static WebApplication MapArchiverApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/admin/flush", async (ArchiveFlusher flusher, CancellationToken ct) =>
        {
            if (flusher.Restoring)
                return Results.Problem("Start-up is restoring the parts from storage; no flush runs before every source's are in the journal.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Restoring parts: no flush yet");
            try
            {
                return Results.Json(await flusher.FlushAsync("admin", ct));
            }
            catch (Exception e) when (e is ObjectStoreException or IOException)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Flush failed; the journal keeps every message");
            }
        });
        return app;
    }
}
