namespace Ssmd.Capnp.Benchmarks;

/// <summary>The fields of a normalized trade as a plain record, for the JSON anchor and as the source of both encodings.</summary>
public sealed record TradeRecord(
    string Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, string TradeId, long Price, long Size, int TakerSide, bool IsBlockTrade);
