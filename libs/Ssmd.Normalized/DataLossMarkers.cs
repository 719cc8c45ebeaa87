namespace Ssmd.Normalized;

/// <summary>
/// The <c>rawEventType</c> of ssmd's own <see cref="LifecycleEvent.DataLoss"/> events: which frames of the market
/// were lost, so a reader knows whether the book it holds is still whole.
/// </summary>
public static class DataLossMarkers
{
    /// <summary>Trades, tickers or lifecycle frames were lost (trades are backfilled); the book was not touched.</summary>
    public const string Feed = "ssmd_data_loss";

    /// <summary>Book changes were lost: the book is wrong until the fresh snapshot that follows.</summary>
    public const string Book = "ssmd_data_loss_book";
}
