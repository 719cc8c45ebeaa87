using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Ssmd.Kalshi.Auth;
using Ssmd.KalshiSim.Admin;
using Ssmd.KalshiSim.Internal;
using Ssmd.KalshiSim.Rest;
using Ssmd.KalshiSim.WebSockets;

namespace Ssmd.KalshiSim;

/// <summary>Registers and maps the simulator (the service's wiring, kept out of Program.cs).</summary>
public static class KalshiSimulator
{
    /// <summary>Options (validated at start), the exchange engine, handshake verifier, REST rate limits and health check.</summary>
    public static WebApplicationBuilder AddKalshiSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KalshiSimOptions>().Bind(builder.Configuration.GetSection(KalshiSimOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KalshiSimOptions>, KalshiSimOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<KalshiSimMetrics>();
        builder.Services.AddSingleton<SimEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SimEngine>());
        builder.Services.AddSingleton(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<KalshiSimOptions>>().Value.Auth;
            var keys = auth.Keys.Select(k => new KeyValuePair<string, string>(k.KeyId, k.PublicKeyPem ?? File.ReadAllText(k.PublicKeyPath!)));
            return new KalshiSignatureVerifier(keys, TimeSpan.FromSeconds(auth.MaxSkewSeconds));
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            // Kalshi answers 429 with exactly {"error": "too many requests"} and no Retry-After header.
            limiter.OnRejected = (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.ContentType = "application/json";
                return new ValueTask(context.HttpContext.Response.WriteAsync("""{"error": "too many requests"}""", ct));
            };
            limiter.AddPolicy(SimRestApi.RateLimitPolicy, context =>
            {
                var rest = context.RequestServices.GetRequiredService<IOptions<KalshiSimOptions>>().Value.Rest;
                return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rest.Burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / rest.RequestsPerSecond),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        builder.Services.AddHealthChecks().AddCheck<SimHealthCheck>("kalshi-sim", tags: ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/trade-api/ws/v2</c>, <c>/trade-api/v2/…</c> and <c>/admin/…</c>.</summary>
    public static WebApplication MapKalshiSimulator(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<KalshiSimOptions>>().Value;
        var unsigned = o.Auth.AllowUnsigned ? "accepted" : "refused";
        if (app.Services.GetRequiredService<SimEngine>() is { Replay: { } replay } engine)
        {
            KalshiSimLog.StartedReplay(app.Logger, replay.Files, o.Replay.Path!, engine.Exchange.Markets.Count, o.Replay.Speed,
                o.Replay.MaxGapSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)", o.Replay.Loop, unsigned, o.Auth.Keys.Count);
        }
        else
        {
            KalshiSimLog.Started(app.Logger, o.Markets, o.Seed, o.Load.EventsPerSecond, unsigned, o.Auth.Keys.Count);
        }

        app.UseRateLimiter();
        app.MapKalshiWebSocket();
        app.MapKalshiRestApi();
        app.MapKalshiSimAdminApi();
        return app;
    }
}
