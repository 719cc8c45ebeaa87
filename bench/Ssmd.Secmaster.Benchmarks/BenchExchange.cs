using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ssmd.Secmaster.Benchmarks;

/// <summary>
/// Serves pre-rendered Kalshi-shaped REST pages from memory on 127.0.0.1, so the bench measures the
/// sync and not the exchange's JSON rendering.
/// </summary>
internal sealed class BenchExchange : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, byte[]> _pages;

    private BenchExchange(WebApplication app, Dictionary<string, byte[]> pages)
    {
        _app = app;
        _pages = pages;
    }

    public Uri RestUrl { get; private set; } = null!;

    /// <summary>The rendered market pages, for the COPY anchor (it copies the same rows).</summary>
    public List<byte[]> MarketPages { get; } = [];

    public static async Task<BenchExchange> StartAsync(int markets)
    {
        var pages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        // The content root is where appsettings.json is watched for changes, recursively: from the working
        // directory that would be wherever the bench is started (from /tmp: every file PostgreSQL and
        // nats-server write, each change handled by this process while it is being measured).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var exchange = new BenchExchange(app, pages);
        for (var offset = 0; offset < markets; offset += 1000)
        {
            var next = offset + 1000 < markets ? (offset + 1000).ToString(CultureInfo.InvariantCulture) : "";
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["markets"] = Enumerable.Range(offset, Math.Min(1000, markets - offset)).Select(Market).ToList(),
                ["cursor"] = next,
            });
            pages[$"markets:{(offset == 0 ? "" : offset.ToString(CultureInfo.InvariantCulture))}"] = body;
            exchange.MarketPages.Add(body);
        }

        var events = Enumerable.Range(0, markets).Select(EventTicker).Distinct().ToList();
        for (var offset = 0; offset < events.Count; offset += 200)
        {
            var next = offset + 200 < events.Count ? (offset + 200).ToString(CultureInfo.InvariantCulture) : "";
            pages[$"events:{(offset == 0 ? "" : offset.ToString(CultureInfo.InvariantCulture))}"] = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["events"] = events.Skip(offset).Take(200).Select(e => new { event_ticker = e, series_ticker = e.Split('-')[0], title = "Event", sub_title = "" }).ToList(),
                ["cursor"] = next,
            });
        }

        pages["series:"] = JsonSerializer.SerializeToUtf8Bytes(new { series = Series.Select(s => new { ticker = s, title = s, category = "Economics", tags = new[] { "x" } }) });

        app.MapGet("/trade-api/v2/{collection}", async (HttpContext context, string collection) =>
        {
            var key = $"{collection}:{context.Request.Query["cursor"]}";
            if (!pages.TryGetValue(key, out var body))
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        exchange.RestUrl = new Uri($"{address}/trade-api/v2");
        return exchange;
    }

    private static readonly string[] Series = ["KXGOLD15M", "KXHIGHNY", "KXBTCD", "KXCPI"];

    private static string EventTicker(int i) => $"{Series[i % Series.Length]}-26AUG{i / 7:000000}";

    private static Dictionary<string, object?> Market(int i)
    {
        var open = new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(15 * (i % 2000));
        string T(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new()
        {
            ["ticker"] = $"{EventTicker(i)}-T{4000 + i % 7}.{i % 100:00}",
            ["event_ticker"] = EventTicker(i),
            ["market_type"] = "binary",
            ["title"] = $"Bench market {i}",
            ["subtitle"] = "",
            ["yes_sub_title"] = $"Above {4000 + i % 7}",
            ["no_sub_title"] = $"Below {4000 + i % 7}",
            ["created_time"] = T(open.AddHours(-1)),
            ["updated_time"] = T(open.AddHours(-1)),
            ["open_time"] = T(open),
            ["close_time"] = T(open.AddMinutes(15)),
            ["expected_expiration_time"] = T(open.AddMinutes(20)),
            ["expiration_time"] = T(open.AddDays(7)),
            ["latest_expiration_time"] = T(open.AddDays(7)),
            ["settlement_timer_seconds"] = 60,
            ["status"] = "active",
            ["yes_bid_dollars"] = "0.4500",
            ["yes_ask_dollars"] = "0.4700",
            ["last_price_dollars"] = "0.4600",
            ["volume_fp"] = "100.00",
            ["notional_value_dollars"] = "1.0000",
            ["result"] = "",
            ["expiration_value"] = "",
            ["can_close_early"] = true,
            ["strike_type"] = "greater_or_equal",
            ["floor_strike"] = 4000.25m + i % 7,
            ["custom_strike"] = new Dictionary<string, string> { ["round_digits"] = "2" },
            ["rules_primary"] = $"If the value is at least {4000 + i % 7} at the close, the market resolves to Yes.",
            ["rules_secondary"] = "The settlement value is rounded to the nearest 2 decimal places.",
            ["price_level_structure"] = "linear_cent",
            ["price_ranges"] = new[] { new Dictionary<string, string> { ["start"] = "0.0000", ["end"] = "1.0000", ["step"] = "0.0100" } },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
