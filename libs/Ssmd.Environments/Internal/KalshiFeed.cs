using System.Collections.Frozen;

namespace Ssmd.Environments.Internal;

/// <summary>What the environment format knows about Kalshi (shared/kalshi/PROTOCOL.md, checked against CORRECTIONS.md).</summary>
internal static class KalshiFeed
{
    public const string Exchange = "kalshi";

    /// <summary>
    /// Kalshi caps markets per subscription (error 26) without publishing the number; the earlier
    /// system used 256 and full sockets left no room for hourly bursts of new markets (LESSONS.md), so
    /// the format stops at 250 and the shipped files use 200 (PROTOCOL §1.11: "start ≤ 250").
    /// </summary>
    public const int MaxMarketsPerSubscription = 250;

    /// <summary>The path every Kalshi host serves the WebSocket on; it is part of the signed string (PROTOCOL §1.1, §1.2).</summary>
    public const string WebSocketPath = "/trade-api/ws/v2";

    /// <summary>The REST base path (PROTOCOL §2.1).</summary>
    public const string RestPath = "/trade-api/v2";

    public const string ApiKeyIdSecret = "kalshiApiKeyId";
    public const string PrivateKeySecret = "kalshiPrivateKey";

    /// <summary>The public market-data channels ssmd can capture (PROTOCOL §1.3).</summary>
    public static readonly FrozenSet<string> Channels = FrozenSet.Create(StringComparer.Ordinal,
        "orderbook_delta", "ticker", "trade", "market_lifecycle_v2", "multivariate_market_lifecycle");

    /// <summary>Channel names Kalshi has (or had) that ssmd does not capture, with the reason.</summary>
    public static readonly FrozenDictionary<string, string> UnsupportedChannels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ticker_v2"] = "was removed by Kalshi on 2026-02-12",
        ["multivariate"] = "was removed by Kalshi on 2026-08-06",
        ["fill"] = "is a private account channel; ssmd captures market data only",
        ["market_positions"] = "is a private account channel; ssmd captures market data only",
        ["user_orders"] = "is a private account channel; ssmd captures market data only",
        ["order_group_updates"] = "is a private account channel; ssmd captures market data only",
        ["communications"] = "is a private account channel; ssmd captures market data only",
        ["cfbenchmarks_value"] = "is a reference-price feed, which ssmd does not capture",
        ["cfbenchmarks_value_5hz"] = "is a reference-price feed, which ssmd does not capture",
        ["pyth_value"] = "is a reference-price feed, which ssmd does not capture",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
