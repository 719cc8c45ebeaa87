namespace Ssmd.KalshiSim;

/// <summary>
/// Fault injection (<c>KalshiSim:Faults</c>, or <c>PUT /admin/faults</c> at run time): each value is the
/// chance per data frame sent to a client, 0 = never, 1 = every frame.
/// </summary>
public sealed record KalshiSimFaultOptions
{
    /// <summary>Abort the connection.</summary>
    public double DropConnection { get; init; }

    /// <summary>Skip a <c>seq</c> number.</summary>
    public double SequenceGap { get; init; }

    /// <summary>Send the frame twice.</summary>
    public double DuplicateFrame { get; init; }

    /// <summary>Send a truncated, unparseable frame before the real one.</summary>
    public double MalformedJson { get; init; }

    /// <summary>Send a frame of an unknown <c>type</c> before the real one.</summary>
    public double UnknownMessageType { get; init; }

    /// <summary>Send a trade frame without its <c>market_ticker</c> (and without a <c>seq</c>) before the real one.</summary>
    public double MissingTicker { get; init; }

    /// <summary>Add an unknown field to the frame's <c>msg</c>.</summary>
    public double UnknownField { get; init; }

    /// <summary>Send the pre-2026-03 shape (integer cents and counts) where one exists.</summary>
    public double LegacyShapes { get; init; }

    /// <summary>End the frame's subscription with error 25 (buffer overflow).</summary>
    public double BufferOverflow { get; init; }

    /// <summary>Stop sending for <see cref="StallMilliseconds"/>.</summary>
    public double Stall { get; init; }

    public int StallMilliseconds { get; init; } = 2_000;

    public bool Any => DropConnection > 0 || SequenceGap > 0 || DuplicateFrame > 0 || MalformedJson > 0 || UnknownMessageType > 0 || MissingTicker > 0
        || UnknownField > 0 || LegacyShapes > 0 || BufferOverflow > 0 || Stall > 0;
}
