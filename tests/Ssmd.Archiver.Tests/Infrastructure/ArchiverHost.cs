using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ssmd.Archiver.Flushing;
using Ssmd.Archiver.Internal;
using Ssmd.Storage;

namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>The archiver in this process, wired exactly as Program.cs wires it, with test settings.</summary>
public sealed class ArchiverHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ArchiverHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    internal ArchiveFlusher Flusher => _app.Services.GetRequiredService<ArchiveFlusher>();

    /// <param name="wrapStore">Wraps the archive store the connection string names (to inject storage faults).</param>
    public static async Task<ArchiverHost> StartAsync(string natsUrl, string archive, TestWorld world, string workDirectory,
        IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default, Func<IObjectStore, IObjectStore>? wrapStore = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = natsUrl,
            ["ConnectionStrings:archive"] = archive,
            ["Ssmd:Environment"] = world.EnvironmentPath,
            ["Archiver:WorkDirectory"] = workDirectory,
            ["Archiver:FetchWait"] = "00:00:01.100",
            ["Archiver:AckWait"] = "00:00:04",
            ["Archiver:FlushParallelism"] = "4",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddArchiver();
        if (wrapStore is not null)
            builder.Services.AddSingleton(provider => wrapStore(ObjectStores.Create(provider)));
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapArchiverApi();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ArchiverHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
