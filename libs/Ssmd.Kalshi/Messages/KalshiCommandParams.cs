namespace Ssmd.Kalshi.Messages;

/// <summary>
/// The <c>params</c> of a command. <see cref="MarketTickers"/> merges <c>market_ticker</c> and
/// <c>market_tickers</c>; <see cref="Sids"/> merges <c>sid</c> and <c>sids</c>. Null means "key absent".
/// </summary>
public sealed record KalshiCommandParams(
    IReadOnlyList<string>? Channels = null,
    IReadOnlyList<string>? MarketTickers = null,
    IReadOnlyList<long>? Sids = null,
    string? Action = null,
    bool? UseYesPrice = null,
    bool? SendInitialSnapshot = null,
    bool? SkipTickerAck = null);
