namespace Ssmd.KalshiSim.Model;

/// <summary>
/// One market-data message produced by the exchange: its <c>type</c> and pre-built <c>msg</c> bodies. Each
/// subscription wraps a body in its own envelope (<c>sid</c>, <c>seq</c>), so a body is built once.
/// </summary>
internal sealed class SimMessage(SimChannel channel, SimMarket? market, byte[] type, byte[] body)
{
    public SimChannel Channel { get; } = channel;

    /// <summary>The market it concerns; null for <c>event_lifecycle</c>.</summary>
    public SimMarket? Market { get; } = market;

    public byte[] Type { get; } = type;

    public byte[] Body { get; } = body;

    /// <summary>The body for <c>use_yes_price</c> subscribers when it differs (NO-side deltas, snapshots).</summary>
    public byte[]? YesBody { get; init; }

    /// <summary>The pre-2026-03 shape (integer cents and counts), for the legacy-shape fault.</summary>
    public byte[]? LegacyBody { get; init; }

    public static class Types
    {
        public static readonly byte[] OrderbookSnapshot = "orderbook_snapshot"u8.ToArray();
        public static readonly byte[] OrderbookDelta = "orderbook_delta"u8.ToArray();
        public static readonly byte[] Ticker = "ticker"u8.ToArray();
        public static readonly byte[] Trade = "trade"u8.ToArray();
        public static readonly byte[] MarketLifecycle = "market_lifecycle_v2"u8.ToArray();
        public static readonly byte[] EventLifecycle = "event_lifecycle"u8.ToArray();
    }
}
