using System.Text.Json.Serialization;

namespace Ssmd.Kalshi.Rest;

/// <summary>
/// Source-generated System.Text.Json metadata for Kalshi's REST bodies: snake_case names, prices and
/// sizes as fixed-point strings, null fields left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KalshiPriceJsonConverter), typeof(KalshiSizeJsonConverter), typeof(KalshiTimeJsonConverter)])]
[JsonSerializable(typeof(KalshiMarketsPage))]
[JsonSerializable(typeof(KalshiMarketResponse))]
[JsonSerializable(typeof(KalshiOrderbookResponse))]
[JsonSerializable(typeof(KalshiTradesPage))]
[JsonSerializable(typeof(KalshiEventsPage))]
[JsonSerializable(typeof(KalshiEventResponse))]
[JsonSerializable(typeof(KalshiSeriesList))]
[JsonSerializable(typeof(KalshiSeriesResponse))]
[JsonSerializable(typeof(KalshiExchangeStatus))]
[JsonSerializable(typeof(KalshiErrorResponse))]
public sealed partial class KalshiJsonContext : JsonSerializerContext;
