using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Ssmd.Worker;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>
/// The worker's own composition (its Program.cs), built here for tests whose worker must fail to start:
/// WebApplicationFactory can report a host that failed to start as an ObjectDisposedException, its entry
/// point having disposed the host while the factory still read it (dotnet/aspnetcore#33494; seen once in a
/// full run of these tests).
/// </summary>
internal static class WorkerHost
{
    public static WebApplication Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddWorker();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
