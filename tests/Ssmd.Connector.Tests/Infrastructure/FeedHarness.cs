using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ssmd.Connector.Feed;

namespace Ssmd.Connector.Tests.Infrastructure;

/// <summary>
/// The connector's services, built as <c>AddConnector</c> wires them but never started, for driving one
/// <see cref="FeedConnection"/> by hand. NATS is unreachable; the exchange is wherever the test says.
/// </summary>
internal sealed class FeedHarness : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly IHost _host;

    public FeedHarness(string webSocketUrl = "ws://127.0.0.1:1/trade-api/ws/v2", string restUrl = "http://127.0.0.1:1/trade-api/v2", int bufferCapacity = 200_000,
        Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = "nats://127.0.0.1:1",
            ["Ssmd:Environment"] = ConnectorHost.WriteEnvironment(_folder.Path),
            ["Connector:WebSocketUrl"] = webSocketUrl,
            ["Connector:RestUrl"] = restUrl,
            ["Connector:BufferCapacity"] = bufferCapacity.ToString(CultureInfo.InvariantCulture),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddConnector();
        _host = builder.Build();
        Context = _host.Services.GetRequiredService<FeedContext>();
    }

    public FeedContext Context { get; }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }
}
