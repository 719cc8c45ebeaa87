using System.Diagnostics.Metrics;

namespace Ssmd.Worker.Secmaster;

/// <summary>The security master's metrics (meter <c>Ssmd.Secmaster</c>); every series exists from start-up.</summary>
internal sealed class SecmasterWorkerMetrics
{
    public const string MeterName = "Ssmd.Secmaster";

    private readonly Counter<long> _syncs;
    private readonly Counter<long> _markets;
    private readonly Counter<long> _badFields;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _lifecycleApplied;
    private readonly Counter<long> _lifecycleSkipped;
    private readonly Counter<long> _lifecycleRejected;
    private readonly Counter<long> _lifecycleRetries;

    /// <summary>The <c>event</c> label of each lifecycle kind.</summary>
    public static string EventLabel(Ssmd.Secmaster.SecmasterLifecycleKind kind) => kind switch
    {
        Ssmd.Secmaster.SecmasterLifecycleKind.Created => "created",
        Ssmd.Secmaster.SecmasterLifecycleKind.Activated => "activated",
        Ssmd.Secmaster.SecmasterLifecycleKind.Deactivated => "deactivated",
        Ssmd.Secmaster.SecmasterLifecycleKind.CloseDateUpdated => "close_date_updated",
        Ssmd.Secmaster.SecmasterLifecycleKind.Determined => "determined",
        Ssmd.Secmaster.SecmasterLifecycleKind.Settled => "settled",
        Ssmd.Secmaster.SecmasterLifecycleKind.MetadataUpdated => "metadata_updated",
        _ => "status_snapshot",
    };

    /// <summary>The <c>reason</c> labels of rejected lifecycle messages.</summary>
    public static readonly string[] RejectReasons =
        [Ssmd.Secmaster.SecmasterStatusMessage.Malformed, Ssmd.Secmaster.SecmasterStatusMessage.UnknownEvent, Ssmd.Secmaster.SecmasterStatusMessage.UnknownStatus, "unknown_ticker"];

    public SecmasterWorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _syncs = meter.CreateCounter<long>("ssmd.secmaster.syncs", description: "Security-master syncs by outcome");
        _markets = meter.CreateCounter<long>("ssmd.secmaster.market_changes", description: "Markets created or changed by syncs");
        _badFields = meter.CreateCounter<long>("ssmd.secmaster.bad_fields", description: "Exchange fields kept, skipped or repaired as malformed or missing (syncs and lifecycle messages)");
        _retries = meter.CreateCounter<long>("ssmd.secmaster.rest_retries", description: "REST requests retried (429, 5xx, timeouts, drops)");
        _duration = meter.CreateHistogram<double>("ssmd.secmaster.sync.duration", unit: "s", description: "Full sync duration");
        _syncs.Add(0, new KeyValuePair<string, object?>("outcome", "ok"));
        _syncs.Add(0, new KeyValuePair<string, object?>("outcome", "failed"));
        _markets.Add(0, new KeyValuePair<string, object?>("kind", "created"));
        _markets.Add(0, new KeyValuePair<string, object?>("kind", "changed"));
        _badFields.Add(0);
        _retries.Add(0);

        _lifecycleApplied = meter.CreateCounter<long>("ssmd.secmaster.lifecycle.applied", description: "Lifecycle messages that changed a market (history rows written)");
        _lifecycleSkipped = meter.CreateCounter<long>("ssmd.secmaster.lifecycle.skipped", description: "Lifecycle messages that changed nothing (same values, a redelivery, or older than the last complete sync)");
        _lifecycleRejected = meter.CreateCounter<long>("ssmd.secmaster.lifecycle.rejected", description: "Lifecycle messages acknowledged without being applied, by reason");
        _lifecycleRetries = meter.CreateCounter<long>("ssmd.secmaster.lifecycle.retries", description: "Lifecycle message attempts retried (PostgreSQL or NATS down)");
        foreach (var kind in Enum.GetValues<Ssmd.Secmaster.SecmasterLifecycleKind>())
            _lifecycleApplied.Add(0, new KeyValuePair<string, object?>("event", EventLabel(kind)));
        _lifecycleSkipped.Add(0, new KeyValuePair<string, object?>("reason", "unchanged"));
        _lifecycleSkipped.Add(0, new KeyValuePair<string, object?>("reason", "duplicate"));
        _lifecycleSkipped.Add(0, new KeyValuePair<string, object?>("reason", "stale"));
        _lifecycleSkipped.Add(0, new KeyValuePair<string, object?>("reason", Ssmd.Secmaster.SecmasterStatusMessage.NotLifecycle));
        foreach (var reason in RejectReasons)
            _lifecycleRejected.Add(0, new KeyValuePair<string, object?>("reason", reason));
        _lifecycleRetries.Add(0);
    }

    public void LifecycleApplied(Ssmd.Secmaster.SecmasterLifecycleKind kind) => _lifecycleApplied.Add(1, new KeyValuePair<string, object?>("event", EventLabel(kind)));

    public void LifecycleSkipped(string reason) => _lifecycleSkipped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LifecycleRejected(string reason) => _lifecycleRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LifecycleRetried() => _lifecycleRetries.Add(1);

    public void BadFields(int count) => _badFields.Add(count);

    public void Completed(Ssmd.Secmaster.SecmasterSyncResult result)
    {
        _syncs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        _markets.Add(result.MarketsCreated, new KeyValuePair<string, object?>("kind", "created"));
        _markets.Add(result.MarketsChanged, new KeyValuePair<string, object?>("kind", "changed"));
        _badFields.Add(result.BadFields);
        _retries.Add(result.Retries);
        _duration.Record(result.Elapsed.TotalSeconds);
    }

    public void Failed() => _syncs.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
}
