namespace Ssmd.Kalshi.Auth;

/// <summary>The three headers Kalshi checks on the WebSocket upgrade and on signed REST calls.</summary>
public sealed record KalshiAuthHeaders(string AccessKey, string Timestamp, string Signature)
{
    public const string AccessKeyHeader = "KALSHI-ACCESS-KEY";
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    /// <summary>Path of the WebSocket endpoint, the part that is signed.</summary>
    public const string WebSocketPath = "/trade-api/ws/v2";
}
