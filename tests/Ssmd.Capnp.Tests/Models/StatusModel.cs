using Ssmd.Capnp.Tests.Support;
using Ssmd.Normalized;

namespace Ssmd.Capnp.Tests.Models;

/// <summary>MarketStatus with its details union; <see cref="Kind"/> says which member is set.</summary>
public sealed record StatusModel(
    string? Ticker, long ExchangeTime, long ReceiveTime, ulong Sequence, Status Status, LifecycleEvent Event, string? RawEventType,
    MarketStatus.Details.Which Kind, long Time, long Time2, string? EventTicker, string? Title, bool Paused, Result Result, long SettlementValue)
{
    public static StatusModel Random(Values v)
    {
        var kind = v.Enum<MarketStatus.Details.Which>();
        return new(
            v.Text(), v.Long(), v.Long(), v.ULong(), v.Enum<Status>(), v.Enum<LifecycleEvent>(), v.Text(), kind,
            v.Long(), v.Long(), kind == MarketStatus.Details.Which.Created ? v.Text() : null, kind == MarketStatus.Details.Which.Created ? v.Text() : null,
            v.Bool(), v.Enum<Result>(),

            // -1 is the schema default ("not sent"); the others are payouts.
            v.Random.Next(3) switch { 0 => -1, 1 => 10_000, _ => v.Price() });
    }

    public void Build(MarketStatus.Builder b)
    {
        if (Ticker is not null)
        {
            b.SetTicker(Ticker);
        }

        b.ExchangeTime = ExchangeTime;
        b.ReceiveTime = ReceiveTime;
        b.Sequence = Sequence;
        b.Status = Status;
        b.Event = Event;
        if (RawEventType is not null)
        {
            b.SetRawEventType(RawEventType);
        }

        MarketStatus.Details.Builder details = b.Details;
        switch (Kind)
        {
            case MarketStatus.Details.Which.None:
                details.SetNone();
                break;
            case MarketStatus.Details.Which.Created:
                MarketStatus.Details.Created.Builder created = details.InitCreated();
                created.OpenTime = Time;
                created.CloseTime = Time2;
                if (EventTicker is not null)
                {
                    created.SetEventTicker(EventTicker);
                }

                if (Title is not null)
                {
                    created.SetTitle(Title);
                }

                break;
            case MarketStatus.Details.Which.CloseTime:
                details.CloseTime = Time;
                break;
            case MarketStatus.Details.Which.Paused:
                details.Paused = Paused;
                break;
            case MarketStatus.Details.Which.Determined:
                MarketStatus.Details.Determined.Builder determined = details.InitDetermined();
                determined.Result = Result;
                determined.SettlementValue = SettlementValue;
                determined.DeterminationTime = Time;
                break;
            case MarketStatus.Details.Which.SettledTime:
                details.SettledTime = Time;
                break;
        }
    }

    public static StatusModel From(MarketStatus.Reader r)
    {
        MarketStatus.Details.Reader d = r.Details;
        MarketStatus.Details.Created.Reader c = d.Created;
        MarketStatus.Details.Determined.Reader det = d.Determined;
        var kind = d.Which;
        return new(
            r.HasTicker ? r.Ticker.ToString() : null, r.ExchangeTime, r.ReceiveTime, r.Sequence, r.Status, r.Event,
            r.HasRawEventType ? r.RawEventType.ToString() : null, kind,
            kind switch
            {
                MarketStatus.Details.Which.Created => c.OpenTime,
                MarketStatus.Details.Which.CloseTime => d.CloseTime,
                MarketStatus.Details.Which.Determined => det.DeterminationTime,
                MarketStatus.Details.Which.SettledTime => d.SettledTime,
                _ => 0,
            },
            kind == MarketStatus.Details.Which.Created ? c.CloseTime : 0,
            kind == MarketStatus.Details.Which.Created && c.HasEventTicker ? c.EventTicker.ToString() : null,
            kind == MarketStatus.Details.Which.Created && c.HasTitle ? c.Title.ToString() : null,
            kind == MarketStatus.Details.Which.Paused && d.Paused,
            kind == MarketStatus.Details.Which.Determined ? det.Result : Result.Unknown,
            kind == MarketStatus.Details.Which.Determined ? det.SettlementValue : -1);
    }

    public string ToText()
    {
        string details = Kind switch
        {
            MarketStatus.Details.Which.None => CapnpText.Struct(("none", "void")),
            MarketStatus.Details.Which.Created => CapnpText.Struct(("created", CapnpText.Struct(
                ("openTime", CapnpText.Int(Time)), ("closeTime", CapnpText.Int(Time2)),
                ("eventTicker", CapnpText.Text(EventTicker)), ("title", CapnpText.Text(Title))))),
            MarketStatus.Details.Which.CloseTime => CapnpText.Struct(("closeTime", CapnpText.Int(Time))),
            MarketStatus.Details.Which.Paused => CapnpText.Struct(("paused", CapnpText.Bool(Paused))),
            MarketStatus.Details.Which.Determined => CapnpText.Struct(("determined", CapnpText.Struct(
                ("result", CapnpText.Enum(Result)), ("settlementValue", CapnpText.Int(SettlementValue)), ("determinationTime", CapnpText.Int(Time))))),
            _ => CapnpText.Struct(("settledTime", CapnpText.Int(Time))),
        };
        return CapnpText.Struct(
            ("ticker", CapnpText.Text(Ticker)),
            ("exchangeTime", CapnpText.Int(ExchangeTime)),
            ("receiveTime", CapnpText.Int(ReceiveTime)),
            ("sequence", CapnpText.UInt(Sequence)),
            ("status", CapnpText.Enum(Status)),
            ("event", CapnpText.Enum(Event)),
            ("rawEventType", CapnpText.Text(RawEventType)),
            ("details", details));
    }
}
