namespace Ssmd.Environments;

/// <summary>The daily cycle (<c>schedule</c>): teardown, then startup, every day in <see cref="TimeZone"/>.</summary>
public sealed record ScheduleDefinition
{
    /// <summary>The time zone the two times are in (an IANA id such as <c>UTC</c> or <c>America/New_York</c>).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>When the day's capture stops: drain, flush, stop, verify the archive.</summary>
    public required TimeOnly Teardown { get; init; }

    /// <summary>When the next day's capture starts: sync the security master, start the services.</summary>
    public required TimeOnly Startup { get; init; }
}
