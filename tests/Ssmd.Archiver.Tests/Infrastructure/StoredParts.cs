namespace Ssmd.Archiver.Tests.Infrastructure;

/// <summary>Stored mode with small parts, and the folder store and consumers the part tests use.</summary>
internal static class StoredParts
{
    /// <summary>Stored mode, small parts: a feed of a few thousand messages ends up in about ten parts per source.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Archiver:AckMode"] = "Stored",
        ["Archiver:PartInterval"] = "00:00:01",
        ["Archiver:PartMaxMessages"] = "200",
        ["Archiver:FetchBatch"] = "100",
    };

    /// <summary>The folder store of <paramref name="world"/> as a connection string.</summary>
    public static string StoreUri(TestWorld world) => new Uri(world.Path_("store") + "/").AbsoluteUri;

    /// <summary>The raw consumer and the trade one: the sources a synthetic feed fills.</summary>
    public static (string Stream, string Consumer)[] Consumers(TestWorld world) =>
    [
        (world.Environment.Transport.Nats.RawStream.Name, "ssmd-archiver-raw"),
        (world.Environment.Transport.Nats.NormalizedStream.Name, "ssmd-archiver-trade"),
    ];
}
