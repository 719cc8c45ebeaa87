namespace Ssmd.Secmaster;

/// <summary>The lifecycle changes the normalized status stream reports (Kalshi <c>market_lifecycle_v2</c> event types).</summary>
public enum SecmasterLifecycleKind
{
    /// <summary><c>created</c>: a new market (status <c>initialized</c>).</summary>
    Created,

    /// <summary><c>activated</c>: trading resumed (status <c>active</c>).</summary>
    Activated,

    /// <summary><c>deactivated</c>: paused by the exchange (status <c>inactive</c>).</summary>
    Deactivated,

    /// <summary><c>close_date_updated</c>: a new scheduled close.</summary>
    CloseDateUpdated,

    /// <summary><c>determined</c>: result and settlement value known (status <c>determined</c>).</summary>
    Determined,

    /// <summary><c>settled</c>: paid out (status <c>finalized</c>).</summary>
    Settled,

    /// <summary><c>metadata_updated</c> / <c>price_level_structure_updated</c>: titles, strikes or the price grid.</summary>
    MetadataUpdated,

    /// <summary>No exchange event: a status observed otherwise (normalized <c>statusSnapshot</c>); set <see cref="SecmasterLifecycleUpdate.Status"/>.</summary>
    StatusObserved,
}
