using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Ssmd.ServiceDefaults.Internal;

/// <summary>
/// Publishes ssmd's own <see cref="System.Diagnostics.Metrics"/> instruments (meters whose name starts
/// with <c>Ssmd</c>) on <c>/metrics</c> through a prometheus-net registry that belongs to this app.
/// </summary>
/// <remarks>
/// <para><b>Naming rule</b> (instrument → Prometheus), OpenTelemetry's Prometheus naming for these cases,
/// so a metric keeps its name whether Prometheus scrapes <c>/metrics</c> or receives it through an
/// OpenTelemetry Collector:</para>
/// <list type="number">
/// <item>every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c> (the meter name is not part of it);</item>
/// <item>unit <c>s</c> appends <c>_seconds</c>, <c>ms</c> <c>_milliseconds</c>, <c>By</c> <c>_bytes</c>,
/// unless the name already ends so;</item>
/// <item>counters (<see cref="Counter{T}"/>, <see cref="ObservableCounter{T}"/>) append <c>_total</c>.</item>
/// </list>
/// <para>So <c>Counter&lt;long&gt;("ssmd.connector.messages_received")</c> with tags feed and type is
/// <c>ssmd_connector_messages_received_total{feed="kalshi",type="trade"}</c>, and
/// <c>Histogram&lt;double&gt;("ssmd.connector.lag", unit: "s")</c> is <c>ssmd_connector_lag_seconds</c>.
/// Tag names become label names by rule 1. Name instruments in lower case, and create every series at
/// start-up (<c>Add(0, tags)</c>) so "rate is zero" alerts can fire.</para>
/// <para>Why not prometheus-net's own MeterAdapter: it publishes counters as gauges, prefixes the
/// meter name, drops series idle for 5 minutes, and shares static state between adapters, which
/// loses instruments when another host in the same process stops (as in tests).
/// prometheus-net's default process/dotnet collectors are not exported either: runtime metrics go
/// through OpenTelemetry (OTLP) only, so nothing appears twice under two names.</para>
/// <para>Histograms use the instrument's advised bucket boundaries, else prometheus-net's defaults
/// (5 ms to 10 s, suited to seconds).</para>
/// </remarks>
internal sealed class PrometheusMeterBridge : IDisposable
{
    public const string MeterPrefix = "Ssmd";

    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private readonly ILogger _logger;

    public PrometheusMeterBridge(ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger(ServiceDefaultsLog.Category);
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.OrdinalIgnoreCase) && Export.TryCreate(instrument, _factory) is { } export)
            {
                listener.EnableMeasurementEvents(instrument, export);
            }
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);

        // Observable instruments report only when asked: ask just before each scrape.
        Registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
        _listener.Start();
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct
    {
        if (state is not Export export)
        {
            return;
        }

        try
        {
            export.Record(ToDouble(measurement), tags);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Throwing here would disable the instrument for every listener (OpenTelemetry too).
            if (export.FirstFailure())
            {
                ServiceDefaultsLog.InstrumentNotExported(_logger, instrument.Meter.Name, instrument.Name, ex);
            }
        }
    }

    private static double ToDouble<T>(T value) where T : struct => value switch
    {
        byte v => v,
        short v => v,
        int v => v,
        long v => v,
        float v => v,
        double v => v,
        decimal v => (double)v,
        _ => double.NaN,
    };

    /// <summary>One instrument's Prometheus side: its name, kind, and a collector per set of label names.</summary>
    private sealed class Export
    {
        private readonly string _name;
        private readonly string _help;
        private readonly Kind _kind;
        private readonly double[]? _buckets;
        private readonly MetricFactory _factory;
        private readonly ConcurrentDictionary<string, Collector> _collectors = new(StringComparer.Ordinal);
        private int _failed;

        private Export(string name, string help, Kind kind, double[]? buckets, MetricFactory factory)
        {
            _name = name;
            _help = help;
            _kind = kind;
            _buckets = buckets;
            _factory = factory;
        }

        private enum Kind
        {
            CounterDelta,
            CounterCumulative,
            GaugeDelta,
            GaugeValue,
            Histogram,
        }

        public static Export? TryCreate(Instrument instrument, MetricFactory factory)
        {
            if (!instrument.GetType().IsGenericType)
            {
                return null;
            }

            var definition = instrument.GetType().GetGenericTypeDefinition();
            Kind? kind =
                definition == typeof(Counter<>) ? Kind.CounterDelta
                : definition == typeof(ObservableCounter<>) ? Kind.CounterCumulative
                : definition == typeof(UpDownCounter<>) ? Kind.GaugeDelta
                : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? Kind.GaugeValue
                : definition == typeof(Histogram<>) ? Kind.Histogram
                : null;
            if (kind is null)
            {
                return null;
            }

            var name = PrometheusName(instrument.Name, instrument.Unit, kind is Kind.CounterDelta or Kind.CounterCumulative);
            var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
            return new Export(name, help, kind.Value, kind == Kind.Histogram ? AdvisedBuckets(instrument) : null, factory);
        }

        /// <summary>True only the first time: failures are logged once per instrument.</summary>
        public bool FirstFailure() => Interlocked.Exchange(ref _failed, 1) == 0;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // prometheus-net wants a fixed order of label names; .NET tags come in any order.
            var sorted = tags.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var names = new string[sorted.Length];
            var values = new string[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                names[i] = Sanitize(sorted[i].Key);
                values[i] = Convert.ToString(sorted[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            var collector = _collectors.GetOrAdd(string.Join(',', names), static (_, state) => state.Self.Create(state.Names), (Self: this, Names: names));
            // No tags: use the metric itself, not a child with zero labels (that would print a second series).
            var noLabels = values.Length == 0;
            switch (collector)
            {
                case Counter counter when _kind == Kind.CounterDelta:
                    (noLabels ? (ICounter)counter : counter.WithLabels(values)).Inc(value);
                    break;
                case Counter counter:
                    (noLabels ? (ICounter)counter : counter.WithLabels(values)).IncTo(value);
                    break;
                case Gauge gauge when _kind == Kind.GaugeDelta:
                    (noLabels ? (IGauge)gauge : gauge.WithLabels(values)).Inc(value);
                    break;
                case Gauge gauge:
                    (noLabels ? (IGauge)gauge : gauge.WithLabels(values)).Set(value);
                    break;
                case Histogram histogram:
                    (noLabels ? (IHistogram)histogram : histogram.WithLabels(values)).Observe(value);
                    break;
            }
        }

        private Collector Create(string[] labelNames) => _kind switch
        {
            Kind.CounterDelta or Kind.CounterCumulative => _factory.CreateCounter(_name, _help, labelNames),
            Kind.GaugeDelta or Kind.GaugeValue => _factory.CreateGauge(_name, _help, labelNames),
            _ => _factory.CreateHistogram(_name, _help, labelNames, new HistogramConfiguration { Buckets = _buckets }),
        };

        private static string PrometheusName(string instrumentName, string? unit, bool isCounter)
        {
            var name = Sanitize(instrumentName);
            var unitSuffix = unit switch
            {
                "s" => "_seconds",
                "ms" => "_milliseconds",
                "By" => "_bytes",
                _ => "",
            };
            if (unitSuffix.Length > 0 && !name.EndsWith(unitSuffix, StringComparison.Ordinal))
            {
                name += unitSuffix;
            }

            if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }

            return name;
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
                {
                    chars[i] = '_';
                }
            }

            return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
        }

        private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
    }
}
