namespace Ssmd.Secmaster;

/// <summary>What one sync did.</summary>
public sealed record SecmasterSyncResult
{
    /// <summary>Series read from the exchange.</summary>
    public int SeriesRead { get; init; }

    /// <summary>Events read from the exchange.</summary>
    public int EventsRead { get; init; }

    /// <summary>Markets read from the exchange (including duplicates across pages).</summary>
    public int MarketsRead { get; init; }

    /// <summary>Markets seen for the first time.</summary>
    public int MarketsCreated { get; init; }

    /// <summary>Markets with at least one changed field.</summary>
    public int MarketsChanged { get; init; }

    /// <summary>History rows written for changed markets (one per changed field).</summary>
    public int FieldChanges { get; init; }

    /// <summary>Change events acknowledged by JetStream (0 without a publisher).</summary>
    public int EventsPublished { get; init; }

    /// <summary>Fields kept or stored as sent because they were missing or malformed, and markets skipped.</summary>
    public int BadFields { get; init; }

    /// <summary>REST requests retried (429, 5xx, timeouts, dropped connections).</summary>
    public int Retries { get; init; }

    /// <summary>True when the market scan continued a crashed run from its saved cursor.</summary>
    public bool Resumed { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Elapsed { get; init; }
}
