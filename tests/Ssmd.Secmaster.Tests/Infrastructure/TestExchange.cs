using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>
/// A small Kalshi REST stand-in on 127.0.0.1 (GET /trade-api/v2/markets|events|series with cursor
/// paging) that can drop a connection on cue, for the crash-recovery and worker tests: the simulator has
/// no REST connection-drop fault, and the worker needs a real port to reach.
/// </summary>
internal sealed class TestExchange : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Dictionary<string, object?>> _markets = [];

    private TestExchange(WebApplication app) => _app = app;

    /// <summary>The REST base, <c>http://127.0.0.1:port/trade-api/v2</c>.</summary>
    public Uri RestUrl { get; private set; } = null!;

    /// <summary>Drop the connection (no answer) on the market page request with this number (1-based, counting market pages only); 0 never.</summary>
    public int DropMarketPage { get; set; }

    /// <summary>Applied to each answer's JSON before it is sent (null: none), for bytes a serializer would not write.</summary>
    public Func<byte[], byte[]>? RewriteBody { get; set; }

    /// <summary>Connections dropped so far.</summary>
    public int Dropped { get; private set; }

    private int _marketPages;

    public static async Task<TestExchange> StartAsync(int markets, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var exchange = new TestExchange(app);
        for (var i = 0; i < markets; i++)
            exchange._markets.Add(MarketGenerator.Market(i));

        app.MapGet("/trade-api/v2/{collection}", exchange.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        exchange.RestUrl = new Uri($"{address}/trade-api/v2");
        return exchange;
    }

    private async Task HandleAsync(HttpContext context, string collection)
    {
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var offset = int.TryParse(context.Request.Query["cursor"], out var c) ? c : 0;
        string body;
        switch (collection)
        {
            case "markets":
            {
                var page = Interlocked.Increment(ref _marketPages);
                if (page == DropMarketPage)
                {
                    Dropped++;
                    context.Abort();
                    return;
                }

                List<Dictionary<string, object?>> slice;
                int total;
                lock (_gate)
                {
                    total = _markets.Count;
                    slice = [.. _markets.Skip(offset).Take(limit).Select(m => new Dictionary<string, object?>(m))];
                }

                var next = offset + limit < total ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["markets"] = slice, ["cursor"] = next });
                break;
            }

            case "events":
            {
                List<string> events;
                lock (_gate)
                    events = [.. _markets.Select(m => (string)m["event_ticker"]!).Distinct()];
                var slice = events.Skip(offset).Take(limit).Select(e => new Dictionary<string, object?>
                {
                    ["event_ticker"] = e,
                    ["series_ticker"] = e.Split('-')[0],
                    ["title"] = $"Event {e}",
                    ["sub_title"] = "",
                    ["mutually_exclusive"] = false,
                    ["strike_date"] = null,
                    ["last_updated_ts"] = "0001-01-01T00:00:00Z",
                });
                var next = offset + limit < events.Count ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["events"] = slice, ["cursor"] = next });
                break;
            }

            case "series":
                body = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["series"] = MarketGenerator.SeriesTickers.Select(s => new Dictionary<string, object?>
                    {
                        ["ticker"] = s,
                        ["title"] = $"Series {s}",
                        ["category"] = s == "KXGOLD15M" ? "Commodities" : "Economics",
                        ["tags"] = new[] { "Test" },
                        ["frequency"] = "daily",
                    }),
                });
                break;
            default:
                context.Response.StatusCode = 404;
                return;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        bytes = RewriteBody?.Invoke(bytes) ?? bytes;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
