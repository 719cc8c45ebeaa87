namespace Ssmd.Capnp.Benchmarks;

/// <summary>A book snapshot as a plain record, for the JSON anchor and as the source of both encodings.</summary>
public sealed record BookRecord(string Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, LevelRecord[] Bids, LevelRecord[] Asks, string MarketId);
