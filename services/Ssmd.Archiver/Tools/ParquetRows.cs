using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace Ssmd.Archiver.Tools;

// The rows of `export`'s Parquet files, one shape per normalized kind. Columns in snake_case; prices in
// dollars as DECIMAL(9,4) and sizes in contracts as DECIMAL(18,2), exact; times as Unix nanoseconds
// (INT64: a Parquet timestamp read into .NET would lose the last two digits).

/// <summary>One trade.</summary>
internal sealed class TradeRow
{
    [JsonPropertyName("ticker")] public string Ticker { get; set; } = "";
    [JsonPropertyName("exchange_time_ns")] public long ExchangeTimeNs { get; set; }
    [JsonPropertyName("receive_time_ns")] public long ReceiveTimeNs { get; set; }
    [JsonPropertyName("sequence")] public long Sequence { get; set; }
    [JsonPropertyName("trade_id")] public string TradeId { get; set; } = "";
    [JsonPropertyName("price"), ParquetDecimal(9, 4)] public decimal Price { get; set; }
    [JsonPropertyName("size"), ParquetDecimal(18, 2)] public decimal Size { get; set; }
    [JsonPropertyName("taker_side")] public string TakerSide { get; set; } = "";
    [JsonPropertyName("is_block_trade")] public bool IsBlockTrade { get; set; }
}

/// <summary>
/// One book level as a snapshot gave it (<see cref="IsSnapshot"/>: the rows of one snapshot share its receive
/// time and replace the whole book; an empty book is one row with no side) or as a delta changed it.
/// </summary>
internal sealed class BookRow
{
    [JsonPropertyName("ticker")] public string Ticker { get; set; } = "";
    [JsonPropertyName("exchange_time_ns")] public long ExchangeTimeNs { get; set; }
    [JsonPropertyName("receive_time_ns")] public long ReceiveTimeNs { get; set; }
    [JsonPropertyName("sequence")] public long Sequence { get; set; }
    [JsonPropertyName("is_snapshot")] public bool IsSnapshot { get; set; }
    [JsonPropertyName("side")] public string? Side { get; set; }
    [JsonPropertyName("price"), ParquetDecimal(9, 4)] public decimal? Price { get; set; }

    /// <summary>The level's resting size: a snapshot's, or the delta's new size (0: the level is gone).</summary>
    [JsonPropertyName("size"), ParquetDecimal(18, 2)] public decimal Size { get; set; }

    /// <summary>The signed change of a delta; none on snapshot rows.</summary>
    [JsonPropertyName("delta"), ParquetDecimal(18, 2)] public decimal? Delta { get; set; }
}

/// <summary>One ticker update.</summary>
internal sealed class TickerRow
{
    [JsonPropertyName("ticker")] public string Ticker { get; set; } = "";
    [JsonPropertyName("exchange_time_ns")] public long ExchangeTimeNs { get; set; }
    [JsonPropertyName("receive_time_ns")] public long ReceiveTimeNs { get; set; }
    [JsonPropertyName("bid_price"), ParquetDecimal(9, 4)] public decimal BidPrice { get; set; }
    [JsonPropertyName("bid_size"), ParquetDecimal(18, 2)] public decimal BidSize { get; set; }
    [JsonPropertyName("ask_price"), ParquetDecimal(9, 4)] public decimal AskPrice { get; set; }
    [JsonPropertyName("ask_size"), ParquetDecimal(18, 2)] public decimal AskSize { get; set; }
    [JsonPropertyName("last_price"), ParquetDecimal(9, 4)] public decimal LastPrice { get; set; }
    [JsonPropertyName("last_trade_size"), ParquetDecimal(18, 2)] public decimal LastTradeSize { get; set; }
    [JsonPropertyName("volume"), ParquetDecimal(18, 2)] public decimal Volume { get; set; }
    [JsonPropertyName("open_interest"), ParquetDecimal(18, 2)] public decimal OpenInterest { get; set; }
    [JsonPropertyName("dollar_volume")] public long DollarVolume { get; set; }
    [JsonPropertyName("dollar_open_interest")] public long DollarOpenInterest { get; set; }
    [JsonPropertyName("market_id")] public string MarketId { get; set; } = "";
}

/// <summary>One status (lifecycle) event; the detail columns are set for the events that carry them.</summary>
internal sealed class StatusRow
{
    [JsonPropertyName("ticker")] public string Ticker { get; set; } = "";
    [JsonPropertyName("exchange_time_ns")] public long ExchangeTimeNs { get; set; }
    [JsonPropertyName("receive_time_ns")] public long ReceiveTimeNs { get; set; }
    [JsonPropertyName("sequence")] public long Sequence { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("event")] public string Event { get; set; } = "";
    [JsonPropertyName("raw_event_type")] public string RawEventType { get; set; } = "";
    [JsonPropertyName("open_time_ns")] public long? OpenTimeNs { get; set; }
    [JsonPropertyName("close_time_ns")] public long? CloseTimeNs { get; set; }
    [JsonPropertyName("event_ticker")] public string? EventTicker { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("paused")] public bool? Paused { get; set; }
    [JsonPropertyName("result")] public string? Result { get; set; }
    [JsonPropertyName("settlement_value"), ParquetDecimal(9, 4)] public decimal? SettlementValue { get; set; }
    [JsonPropertyName("determination_time_ns")] public long? DeterminationTimeNs { get; set; }
    [JsonPropertyName("settled_time_ns")] public long? SettledTimeNs { get; set; }
}
