using Microsoft.Extensions.Options;
using Ssmd.Archiver.Consuming;

namespace Ssmd.Archiver.Internal;

/// <summary>Checks <see cref="ArchiverOptions"/> at start; every message names the key.</summary>
internal sealed class ValidateArchiverOptions : IValidateOptions<ArchiverOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiverOptions options)
    {
        const string s = ArchiverOptions.Section;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WorkDirectory))
            problems.Add($"{s}:WorkDirectory is required (a folder that survives restarts)");
        if (string.IsNullOrWhiteSpace(options.ConsumerPrefix) || options.ConsumerPrefix.AsSpan().IndexOfAny(". *>") >= 0)
            problems.Add($"{s}:ConsumerPrefix must be a non-empty name without '.', '*', '>' or spaces, got '{options.ConsumerPrefix}'");
        foreach (var (source, filter) in options.Filters)
        {
            if (!ArchiveSource.Tokens.Contains(source))
                problems.Add($"{s}:Filters:{source} is not a source (allowed: {string.Join(", ", ArchiveSource.Tokens)})");
            if (string.IsNullOrWhiteSpace(filter))
                problems.Add($"{s}:Filters:{source} is empty");
        }

        if (!Enum.IsDefined(options.AckMode))
            problems.Add($"{s}:AckMode must be Auto, Journal or Stored, got '{options.AckMode}'");
        Positive(problems, $"{s}:PartInterval", options.PartInterval);
        Range(problems, $"{s}:PartMaxMessages", options.PartMaxMessages, 1, 1_000_000);
        Range(problems, $"{s}:PartMaxBytes", options.PartMaxBytes, 64 << 10, 1 << 30);
        Range(problems, $"{s}:FetchBatch", options.FetchBatch, 1, 100_000);
        Range(problems, $"{s}:MaxPendingMessages", options.MaxPendingMessages, 1, 100_000_000);
        Range(problems, $"{s}:FlushParallelism", options.FlushParallelism, 1, 64);
        Range(problems, $"{s}:CompressionLevel", options.CompressionLevel, 1, 19);
        if (options.FetchWait <= TimeSpan.FromSeconds(1))
            problems.Add($"{s}:FetchWait must be more than 1 s (a NATS.Net pull's shortest expiry), got {options.FetchWait}");
        Positive(problems, $"{s}:AckWait", options.AckWait);
        Positive(problems, $"{s}:FlushInterval", options.FlushInterval);
        Positive(problems, $"{s}:ShutdownTimeout", options.ShutdownTimeout);
        if (options.DayCloseDelay < TimeSpan.Zero || options.DayCloseDelay >= TimeSpan.FromHours(12))
            problems.Add($"{s}:DayCloseDelay must be between 0 and 12 hours, got {options.DayCloseDelay}");
        // A batch is acknowledged after its pull ends, and a pull that is receiving messages was measured ending at
        // twice its expiry (nats-server 2.9.10). A shorter AckWait has JetStream send the batch again while it is
        // still being taken: every message then comes twice and the consumer falls behind.
        if (options.AckWait < options.FetchWait * 3)
            problems.Add($"{s}:AckWait ({options.AckWait}) must be at least three times {s}:FetchWait ({options.FetchWait}): a batch is acknowledged after its pull ends, which can take twice FetchWait");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Range(List<string> problems, string key, int value, int min, int max)
    {
        if (value < min || value > max)
            problems.Add($"{key} must be between {min} and {max}, got {value}");
    }

    private static void Positive(List<string> problems, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            problems.Add($"{key} must be more than 0, got {value}");
    }
}
