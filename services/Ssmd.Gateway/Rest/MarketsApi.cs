using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Ssmd.Gateway.Markets;
using Ssmd.Gateway.Protocol;
using Ssmd.Secmaster;

namespace Ssmd.Gateway.Rest;

/// <summary>
/// The REST API for agents and people: markets from the security master, recent trades and current
/// books from the gateway's own state. Errors are RFC 7807 problem documents.
/// </summary>
internal static class MarketsApi
{
    private const string Json = "application/json";

    public static RouteGroupBuilder MapMarketsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/markets", ListAsync)
            .WithName("ListMarkets").WithSummary("Markets from the security master, in ticker order, filtered and paged (pass `next` as `after`).")
            .Produces(StatusCodes.Status200OK, contentType: Json).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        v1.MapGet("/markets/{ticker}", GetAsync)
            .WithName("GetMarket").WithSummary("One market with its change history.")
            .Produces(StatusCodes.Status200OK, contentType: Json).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized);
        v1.MapGet("/markets/{ticker}/trades", Trades)
            .WithName("GetTrades").WithSummary("Recent trades, newest first; `before` takes a trade's `seq` (or the page's `next`).")
            .Produces(StatusCodes.Status200OK, contentType: Json).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized);
        v1.MapGet("/markets/{ticker}/orderbook", Orderbook)
            .WithName("GetOrderbook").WithSummary("The current book in YES terms, best levels first, `depth` levels a side at most; 503 while the book is not known yet.")
            .Produces(StatusCodes.Status200OK, contentType: Json).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    private static async Task<IResult> ListAsync(
        SecmasterRepository secmaster,
        [FromQuery] string? status,
        [FromQuery] string? category,
        [FromQuery] string? series,
        [FromQuery(Name = "event")] string? eventTicker,
        [FromQuery] string? text,
        [FromQuery] int? limit,
        [FromQuery] string? after,
        CancellationToken cancellationToken)
    {
        var size = limit ?? 100;
        if (size is < 1 or > 1000)
            return BadRequest("limit", "limit must be between 1 and 1000");
        foreach (var (name, value) in new[] { ("status", status), ("category", category), ("series", series), ("event", eventTicker), ("text", text), ("after", after) })
        {
            // PostgreSQL text cannot hold U+0000: sent as a parameter, it would fail the query (a 500).
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
                return BadRequest(name, $"{name} must not contain U+0000");
        }

        var filter = new SecmasterMarketFilter
        {
            Statuses = string.IsNullOrWhiteSpace(status) ? null : status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Category = Blank(category),
            SeriesTicker = Blank(series),
            EventTicker = Blank(eventTicker),
            Text = Blank(text),
        };
        var page = await secmaster.ListMarketsAsync(filter, Blank(after), size, cancellationToken);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("markets"u8);
            foreach (var market in page.Markets)
                MarketJson.Write(w, market);
            w.WriteEndArray();
            if (page.NextAfter is null)
                w.WriteNull("next"u8);
            else
                w.WriteString("next"u8, page.NextAfter);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GetAsync(SecmasterRepository secmaster, string ticker, CancellationToken cancellationToken)
    {
        var detail = await secmaster.GetMarketAsync(ticker, cancellationToken);
        if (detail is null)
            return NotFound(ticker);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("market"u8);
            MarketJson.Write(w, detail.Market);
            MarketJson.WriteHistory(w, detail.History);
            w.WriteEndObject();
        });
    }

    private static IResult Trades(MarketRegistry markets, string ticker, [FromQuery] int? limit, [FromQuery] long? before)
    {
        var size = limit ?? 100;
        if (size is < 1 or > 1000)
            return BadRequest("limit", "limit must be between 1 and 1000");
        if (!markets.TryGet(ticker, out var market))
            return NotFound(ticker);
        List<RecentTrade> trades;
        lock (market.Gate)
            trades = market.Trades.Newest(size, before ?? long.MaxValue);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("ticker"u8, ticker);
            w.WriteStartArray("trades"u8);
            foreach (var trade in trades)
                w.WriteRawValue(trade.Json, skipInputValidation: true);
            w.WriteEndArray();
            if (trades.Count == size)
                w.WriteNumber("next"u8, trades[^1].Seq);
            else
                w.WriteNull("next"u8);
            w.WriteEndObject();
        });
    }

    private static IResult Orderbook(MarketRegistry markets, string ticker, [FromQuery] int? depth)
    {
        if (depth is < 1)
            return BadRequest("depth", "depth must be at least 1");
        if (!markets.TryGet(ticker, out var market))
            return NotFound(ticker);
        byte[] json;
        lock (market.Gate)
        {
            if (!market.BookKnown)
                return BookNotKnown(ticker);
            json = EventJson.Snapshot(market.Book, market.Ticker, market.Seq, market.BookTime, depth ?? int.MaxValue);
        }

        return Results.Bytes(json, Json);
    }

    private static IResult Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Results.Bytes(buffer.WrittenMemory.ToArray(), Json);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IResult BadRequest(string parameter, string detail) =>
        Results.Problem(title: $"Invalid {parameter}", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    // The market is known but its book is not (no snapshot on the stream yet): an empty book would pass for the real one.
    private static IResult BookNotKnown(string ticker) =>
        Results.Problem(title: "Book not known yet",
            detail: $"The stream has carried no snapshot of '{ticker}''s book since the gateway started reading it; the connector sends every book again within its snapshot refresh interval.",
            statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult NotFound(string ticker) =>
        Results.Problem(title: "Unknown market", detail: $"No market '{ticker}' here.", statusCode: StatusCodes.Status404NotFound);
}
