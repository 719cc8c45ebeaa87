using Ssmd.Capnp;
using Ssmd.Normalized;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>Normalized <c>MarketStatus</c> messages as the connector publishes them, built with the generated builders.</summary>
internal static class StatusMessages
{
    public static long Nanoseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static byte[] Build(string ticker, LifecycleEvent kind, Status status, Action<MarketStatus.Details.Builder>? details = null)
    {
        var message = new MessageBuilder();
        var root = MarketStatus.InitRoot(message);
        root.SetTicker(ticker);
        root.Event = kind;
        root.Status = status;
        root.ReceiveTime = Nanoseconds(DateTimeOffset.UtcNow);
        details?.Invoke(root.Details);
        return message.ToArray();
    }

    public static byte[] Paused(string ticker, bool paused) =>
        Build(ticker, paused ? LifecycleEvent.Deactivated : LifecycleEvent.Activated, paused ? Status.Paused : Status.Active, d => d.Paused = paused);

    public static byte[] CloseMoved(string ticker, DateTimeOffset close) =>
        Build(ticker, LifecycleEvent.CloseDateUpdated, Status.Active, d => d.CloseTime = Nanoseconds(close));

    public static byte[] Determined(string ticker, Result result, long settlementValue, DateTimeOffset at) =>
        Build(ticker, LifecycleEvent.Determined, Status.Determined, d =>
        {
            var determined = d.InitDetermined();
            determined.Result = result;
            determined.SettlementValue = settlementValue;
            determined.DeterminationTime = Nanoseconds(at);
        });

    public static byte[] Settled(string ticker, DateTimeOffset at) =>
        Build(ticker, LifecycleEvent.Settled, Status.Settled, d => d.SettledTime = Nanoseconds(at));

    public static byte[] Created(string ticker, string eventTicker, string title, DateTimeOffset open, DateTimeOffset close) =>
        Build(ticker, LifecycleEvent.Created, Status.Initialized, d =>
        {
            var created = d.InitCreated();
            created.OpenTime = Nanoseconds(open);
            created.CloseTime = Nanoseconds(close);
            created.SetEventTicker(eventTicker);
            created.SetTitle(title);
        });
}
