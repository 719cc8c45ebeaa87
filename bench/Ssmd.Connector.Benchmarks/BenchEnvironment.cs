using System.Globalization;

namespace Ssmd.Connector.Benchmarks;

/// <summary>The environment file the bench's connector runs with, as the connector tests write it (ConnectorHost.WriteEnvironment).</summary>
internal static class BenchEnvironment
{
    public const string RawStream = "KALSHI_RAW";
    public const string NormalizedStream = "KALSHI_NORMALIZED";

    /// <summary>All four channels, file-storage streams; <paramref name="include"/> is one symbols include entry (YAML flow).</summary>
    public static string Write(string folder, string name, int marketsPerSubscription, string include)
    {
        var path = Path.Combine(folder, name + ".yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: ssmd/v1
            kind: Environment
            name: {{name}}
            feed:
              exchange: kalshi
              source: simulator
              channels: [orderbook_delta, ticker, trade, market_lifecycle_v2]
              marketsPerSubscription: {{marketsPerSubscription}}
            schedule:
              timezone: UTC
              teardown: "00:00"
              startup: "00:10"
            symbols:
              include:
                - {{include}}
            transport:
              nats:
                rawStream: { name: {{RawStream}}, maxAge: 48h, duplicateWindow: 2m, maxBytes: 8GiB }
                normalizedStream: { name: {{NormalizedStream}}, maxAge: 48h, duplicateWindow: 2m, maxBytes: 8GiB }
            storage:
              raw: { bucket: ssmd-raw, prefix: kalshi }
              normalized: { bucket: ssmd-normalized, prefix: kalshi/v1 }
            """));
        return path;
    }
}
