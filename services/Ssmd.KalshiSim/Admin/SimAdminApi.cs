using System.Text;
using Ssmd.Kalshi;
using Ssmd.KalshiSim.Internal;
using Ssmd.KalshiSim.Model;
using Ssmd.KalshiSim.WebSockets;

namespace Ssmd.KalshiSim.Admin;

/// <summary>
/// <c>/admin</c>: ground truth (exact books, trades and market states), load and faults at run time,
/// lifecycle actions on one market, and dropping every client connection. Not part of Kalshi's API.
/// </summary>
internal static class SimAdminApi
{
    public static IEndpointRouteBuilder MapKalshiSimAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapGet("/ground-truth", GroundTruthAsync);
        admin.MapGet("/load", (SimEngine engine) => new SimLoad(engine.Paused, engine.EventsPerSecond, engine.ConnectionCount, engine.Exchange.Steps, engine.Exchange.Markets.Count));
        admin.MapPut("/load", SetLoadAsync);
        admin.MapGet("/replay", (SimEngine engine) => engine.Replay is { } replay ? Results.Ok(Progress(replay)) : Results.NotFound());
        admin.MapPut("/replay", SetReplayAsync);
        admin.MapGet("/faults", (SimEngine engine) => engine.Faults);
        admin.MapPut("/faults", SetFaults);
        admin.MapPost("/markets/{ticker}/{action}", MarketActionAsync);
        admin.MapGet("/connections/queued", async (SimEngine engine, CancellationToken ct) => Results.Ok(new { frames = await engine.QueuedFramesAsync(ct).ConfigureAwait(false) }));
        admin.MapPost("/connections/drop", async (SimEngine engine, CancellationToken ct) => Results.Ok(new { dropped = await engine.DropConnectionsAsync(ct).ConfigureAwait(false) }));
        return app;
    }

    private static async Task<IResult> GroundTruthAsync(SimEngine engine, string? tickers, CancellationToken ct)
    {
        var wanted = string.IsNullOrEmpty(tickers) ? null : tickers.Split(',').ToHashSet(StringComparer.Ordinal);

        // Taken on the engine loop, so it is exactly the state after the last step handed to clients.
        var truth = await engine.InvokeAsync(() =>
        {
            lock (engine.Exchange.Sync)
            {
                return ValueTask.FromResult(SimGroundTruth.Capture(engine.Exchange, wanted));
            }
        }, ct).ConfigureAwait(false);
        return Results.Json(truth, SimAdminJsonContext.Default.SimGroundTruth);
    }

    private static SimReplayProgress Progress(Replay.SimReplay replay) =>
        new(replay.Files, replay.Frames, replay.Skipped, replay.BadLines, replay.Ended,
            replay.TapeTimeMs == long.MinValue ? null : replay.TapeTimeMs, replay.HoldAfterMs, replay.Holding);

    /// <summary>Moves the hold point on the engine loop; the answer is the progress at that moment.</summary>
    private static async Task<IResult> SetReplayAsync(SimEngine engine, SimReplayRequest request, CancellationToken ct)
    {
        if (engine.Replay is not { } replay)
        {
            return Results.NotFound();
        }

        var progress = await engine.InvokeAsync(() =>
        {
            replay.HoldAfterMs = request.HoldAfterMs;
            return ValueTask.FromResult(Progress(replay));
        }, ct).ConfigureAwait(false);
        return Results.Ok(progress);
    }

    private static async Task<IResult> SetLoadAsync(SimEngine engine, SimLoadRequest request, CancellationToken ct)
    {
        if (request.EventsPerSecond is < 0)
        {
            return Results.BadRequest(new { error = "eventsPerSecond must be 0 (as fast as possible) or more" });
        }

        if (request.Markets is { } markets && (markets is < 10 or > 100_000 || markets < engine.Exchange.Markets.Count))
        {
            return Results.BadRequest(new { error = $"markets must be from 10 to 100000 and at least the {engine.Exchange.Markets.Count} the exchange has (markets are added, never removed)" });
        }

        await engine.SetLoadAsync(request.Paused, request.EventsPerSecond, ct, request.Markets).ConfigureAwait(false);
        KalshiSimLog.LoadChanged(engine.Logger, engine.Paused, engine.EventsPerSecond);
        return Results.Ok(new SimLoad(engine.Paused, engine.EventsPerSecond, engine.ConnectionCount, engine.Exchange.Steps, engine.Exchange.Markets.Count));
    }

    private static IResult SetFaults(SimEngine engine, KalshiSimFaultOptions faults)
    {
        var errors = KalshiSimOptionsValidator.FaultErrors("faults", faults).ToList();
        if (errors.Count > 0)
        {
            return Results.BadRequest(new { errors });
        }

        engine.Faults = faults;
        KalshiSimLog.FaultsChanged(engine.Logger, faults);
        return Results.Ok(faults);
    }

    private static async Task<IResult> MarketActionAsync(SimEngine engine, string ticker, string action, long? close_ts, string? result,
        string? side, string? price, string? size, CancellationToken ct)
    {
        var outcome = await engine.InvokeAsync(async () =>
        {
            var output = new List<SimMessage>();
            var exchange = engine.Exchange;
            lock (exchange.Sync)
            {
                if (exchange.Find(ticker) is not { } market)
                {
                    return "market not found";
                }

                switch (action)
                {
                    case "pause" when market.Status == SimMarketStatus.Active:
                        exchange.Pause(market, output);
                        break;
                    case "resume" when market.Status == SimMarketStatus.Inactive:
                        exchange.Resume(market, output);
                        break;
                    case "close" when market.Status is SimMarketStatus.Active or SimMarketStatus.Inactive:
                        exchange.Close(market, output);
                        break;
                    case "close-date" when close_ts is { } ts:
                        exchange.ChangeClose(market, ts * 1000, output);
                        break;
                    case "determine" when market.Status == SimMarketStatus.Closed && result is null or "yes" or "no":
                        exchange.Determine(market, exchange.NowMs, output, result);
                        break;
                    case "settle" when market.Status == SimMarketStatus.Determined:
                        exchange.Settle(market, output);
                        break;
                    case "rest" or "print" when market.Status == SimMarketStatus.Active:
                        if (side is not ("yes" or "no") || !KalshiPrice.TryParse(price, out var exact) || size is null || !KalshiSize.TryParse(Encoding.UTF8.GetBytes(size), out var amount))
                        {
                            return $"{action} needs side=yes|no, price (dollars, up to 4 decimals) and size (contracts, up to 2 decimals)";
                        }

                        var kalshiSide = side == "yes" ? KalshiSide.Yes : KalshiSide.No;
                        if (action == "print")
                        {
                            exchange.Print(market, exact, amount, kalshiSide, output);
                        }
                        else if (!exchange.Rest(market, kalshiSide, exact, amount, output))
                        {
                            return $"{price} is off {ticker}'s price grid ({market.Grid.Structure}) or would cross the other side";
                        }

                        break;
                    default:
                        return $"action '{action}' does not apply to a market that is {market.Status} (actions: pause, resume, close, close-date?close_ts=, determine?result=, settle, rest?side=&price=&size=, print?side=&price=&size=)";
                }
            }

            await engine.DeliverAsync(output, ct).ConfigureAwait(false);
            return "";
        }, ct).ConfigureAwait(false);
        return outcome.Length == 0 ? Results.NoContent() : Results.BadRequest(new { error = outcome });
    }
}
