using Ssmd.Capnp.Tests.Support;

namespace Ssmd.Capnp.Tests.Models;

public sealed record TickerModel(
    string? Ticker, long ExchangeTime, long ReceiveTime, long BidPrice, long BidSize, long AskPrice, long AskSize, long LastPrice,
    long LastTradeSize, long Volume, long OpenInterest, long DollarVolume, long DollarOpenInterest, string? MarketId)
{
    public static TickerModel Random(Values v) => new(
        v.Text(), v.Long(), v.Long(), v.Price(), v.Size(), v.Price(), v.Size(), v.Price(), v.Size(), v.Long(), v.Long(), v.Long(), v.Long(), v.Text());

    public void Build(Normalized.Ticker.Builder b)
    {
        if (Ticker is not null)
        {
            b.SetTicker(Ticker);
        }

        b.ExchangeTime = ExchangeTime;
        b.ReceiveTime = ReceiveTime;
        b.BidPrice = BidPrice;
        b.BidSize = BidSize;
        b.AskPrice = AskPrice;
        b.AskSize = AskSize;
        b.LastPrice = LastPrice;
        b.LastTradeSize = LastTradeSize;
        b.Volume = Volume;
        b.OpenInterest = OpenInterest;
        b.DollarVolume = DollarVolume;
        b.DollarOpenInterest = DollarOpenInterest;
        if (MarketId is not null)
        {
            b.SetMarketId(MarketId);
        }
    }

    public static TickerModel From(Normalized.Ticker.Reader r) => new(
        r.HasTicker ? r.Ticker.ToString() : null, r.ExchangeTime, r.ReceiveTime, r.BidPrice, r.BidSize, r.AskPrice, r.AskSize,
        r.LastPrice, r.LastTradeSize, r.Volume, r.OpenInterest, r.DollarVolume, r.DollarOpenInterest, r.HasMarketId ? r.MarketId.ToString() : null);

    public string ToText() => CapnpText.Struct(
        ("ticker", CapnpText.Text(Ticker)),
        ("exchangeTime", CapnpText.Int(ExchangeTime)),
        ("receiveTime", CapnpText.Int(ReceiveTime)),
        ("bidPrice", CapnpText.Int(BidPrice)),
        ("bidSize", CapnpText.Int(BidSize)),
        ("askPrice", CapnpText.Int(AskPrice)),
        ("askSize", CapnpText.Int(AskSize)),
        ("lastPrice", CapnpText.Int(LastPrice)),
        ("lastTradeSize", CapnpText.Int(LastTradeSize)),
        ("volume", CapnpText.Int(Volume)),
        ("openInterest", CapnpText.Int(OpenInterest)),
        ("dollarVolume", CapnpText.Int(DollarVolume)),
        ("dollarOpenInterest", CapnpText.Int(DollarOpenInterest)),
        ("marketId", CapnpText.Text(MarketId)));
}
