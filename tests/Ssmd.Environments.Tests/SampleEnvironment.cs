namespace Ssmd.Environments.Tests;

/// <summary>A small valid definition that tests change one line of.</summary>
internal static class SampleEnvironment
{
    public const string Sim = """
        apiVersion: ssmd/v1
        kind: Environment
        name: sample
        feed:
          exchange: kalshi
          source: simulator
          channels: [orderbook_delta, trade]
          marketsPerSubscription: 200
        schedule:
          timezone: UTC
          teardown: "00:00"
          startup: "00:10"
        symbols:
          include:
            - series: [KXGOLD15M]
        transport:
          nats:
            rawStream: { name: KALSHI_RAW, maxAge: 48h, duplicateWindow: 2m, maxBytes: 20GiB }
            normalizedStream: { name: KALSHI_NORMALIZED, maxAge: 48h, duplicateWindow: 2m, maxBytes: 10GiB }
        storage:
          raw: { bucket: ssmd-raw, prefix: kalshi }
          normalized: { bucket: ssmd-normalized, prefix: kalshi/v1 }

        """;

    public static SsmdEnvironment Parse(string yaml) => SsmdEnvironmentLoader.Parse(yaml, "sample.yaml");
}
