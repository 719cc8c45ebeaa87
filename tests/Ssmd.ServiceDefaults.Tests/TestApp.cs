using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace Ssmd.ServiceDefaults.Tests;

/// <summary>Builders for the apps under test: configuration only from the test, never from the process environment.</summary>
internal static class TestApp
{
    /// <summary>A host builder for registration tests: no environment variables, no appsettings.</summary>
    public static HostApplicationBuilder CreateHostBuilder(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        return builder;
    }

    /// <summary>A real web app on a free loopback port, in Production unless told otherwise.</summary>
    public static WebApplicationBuilder CreateWebBuilder(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Keep the JSON console quiet in test output: one line per request is noise here.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" });
        // Added last, so the test's values win over anything the machine's environment sets.
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        return builder;
    }

    /// <summary>Starts the app and returns a client for the port Kestrel picked.</summary>
    public static async Task<HttpClient> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
    }
}
