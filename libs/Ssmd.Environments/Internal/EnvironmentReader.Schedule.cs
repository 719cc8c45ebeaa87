using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    private ScheduleDefinition? ReadSchedule(MappingReader root)
    {
        if (Section(root, "schedule", "timezone, teardown and startup, e.g. UTC, \"00:00\", \"00:10\"") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        var timeZone = ReadTimeZone(map);
        var teardown = ReadClockTime(map, "teardown", "\"00:00\"");
        var startup = ReadClockTime(map, "startup", "\"00:10\"");
        map.ReportUnknownKeys();

        if (teardown is not null && startup is not null && teardown.Value.Time == startup.Value.Time)
        {
            context.Report(startup.Value.Node, Rules.Conflict,
                "schedule.startup must differ from schedule.teardown: the day's capture stops at teardown and the next one starts at startup");
        }

        if (context.Count > before || timeZone is null || teardown is null || startup is null)
        {
            return null;
        }

        return new ScheduleDefinition { TimeZone = timeZone, Teardown = teardown.Value.Time, Startup = startup.Value.Time };
    }

    private TimeZoneInfo? ReadTimeZone(MappingReader map)
    {
        if (RequiredText(map, "timezone", "e.g. UTC") is not (var node, var value))
        {
            return null;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out var timeZone))
        {
            context.Report(node, Rules.Format,
                $"schedule.timezone must be a known time zone, an IANA id such as UTC or America/New_York, got {Values.Quote(value)}");
            return null;
        }

        return timeZone;
    }

    private (YamlNode Node, TimeOnly Time)? ReadClockTime(MappingReader map, string key, string example)
    {
        if (RequiredText(map, key, $"a 24-hour time such as {example}") is not (var node, var value))
        {
            return null;
        }

        if (!Formats.ClockTime().IsMatch(value))
        {
            context.Report(node, Rules.Format,
                $"schedule.{key} must be a 24-hour time HH:mm such as {example}, got {Values.Quote(value)}");
            return null;
        }

        return (node, TimeOnly.ParseExact(value, "HH:mm", CultureInfo.InvariantCulture));
    }
}
