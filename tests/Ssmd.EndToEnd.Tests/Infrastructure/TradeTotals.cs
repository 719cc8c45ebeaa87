using Ssmd.Testing.Tape;

namespace Ssmd.EndToEnd.Tests.Infrastructure;

/// <summary>A market's trades summed exactly: count, size (0.01 contract) and notional (price units × size units).</summary>
internal readonly record struct TradeTotals(long Count, long Size, long Notional)
{
    public static TradeTotals Of(TapeMarket market) => new(market.Trades, market.TradedSize, market.Notional);

    public TradeTotals Add(long price, long size) => new(Count + 1, Size + size, checked(Notional + (price * size)));
}
