namespace Ssmd.Environments;

/// <summary>
/// A recorded tape for the simulator to serve instead of its market model (<c>feed.replay</c>, only with
/// <c>source: simulator</c>): ssmd raw archives (<c>*.jsonl.zst</c>) or captures (<c>*.ndjson.gz</c>).
/// </summary>
public sealed record ReplayDefinition
{
    /// <summary>The tape file or folder as written (relative paths are relative to the environment file's folder).</summary>
    public required string Path { get; init; }

    /// <summary><see cref="Path"/> made absolute against the environment file's folder.</summary>
    public required string FullPath { get; init; }

    /// <summary>1 = the recorded pace on the exchange clock, N = N times faster, 0 = as fast as the connector reads.</summary>
    public required double Speed { get; init; }

    /// <summary>Pauses between frames longer than this are cut to it; <see langword="null"/> keeps every pause.</summary>
    public double? MaxGapSeconds { get; init; }

    /// <summary>Start the tape again at its end.</summary>
    public bool Loop { get; init; }
}
