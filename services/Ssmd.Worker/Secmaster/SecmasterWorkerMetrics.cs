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

    public SecmasterWorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _syncs = meter.CreateCounter<long>("ssmd.secmaster.syncs", description: "Security-master syncs by outcome");
        _markets = meter.CreateCounter<long>("ssmd.secmaster.market_changes", description: "Markets created or changed by syncs");
        _badFields = meter.CreateCounter<long>("ssmd.secmaster.bad_fields", description: "Exchange fields kept or skipped as malformed or missing");
        _retries = meter.CreateCounter<long>("ssmd.secmaster.rest_retries", description: "REST requests retried (429, 5xx, timeouts, drops)");
        _duration = meter.CreateHistogram<double>("ssmd.secmaster.sync.duration", unit: "s", description: "Full sync duration");
        _syncs.Add(0, new KeyValuePair<string, object?>("outcome", "ok"));
        _syncs.Add(0, new KeyValuePair<string, object?>("outcome", "failed"));
        _markets.Add(0, new KeyValuePair<string, object?>("kind", "created"));
        _markets.Add(0, new KeyValuePair<string, object?>("kind", "changed"));
        _badFields.Add(0);
        _retries.Add(0);
    }

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
