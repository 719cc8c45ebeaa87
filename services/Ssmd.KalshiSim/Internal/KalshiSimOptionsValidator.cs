using Microsoft.Extensions.Options;

namespace Ssmd.KalshiSim.Internal;

/// <summary>Checks every setting at start and names each bad key.</summary>
internal sealed class KalshiSimOptionsValidator : IValidateOptions<KalshiSimOptions>
{
    private const string S = KalshiSimOptions.Section;

    public ValidateOptionsResult Validate(string? name, KalshiSimOptions o)
    {
        var errors = new List<string>();
        if (o.Replay.Path is { Length: > 0 } replay && !File.Exists(replay) && !Directory.Exists(replay))
        {
            errors.Add($"{S}:Replay:Path '{replay}' is neither a file nor a directory.");
        }

        else if (o.Replay.Path is { Length: > 0 } file && File.Exists(file) && !Replay.SimTapeFile.IsTape(file))
        {
            errors.Add($"{S}:Replay:Path '{file}' is not a tape: expected *.jsonl.zst (raw archive), *.ndjson.gz or *.ndjson (capture).");
        }
        else if (o.Replay.Path is { Length: > 0 } folder && Directory.Exists(folder) &&
            !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(Replay.SimTapeFile.IsTape))
        {
            errors.Add($"{S}:Replay:Path '{folder}' holds no *.jsonl.zst, *.ndjson.gz or *.ndjson file.");
        }

        if (o.Replay.Speed < 0 || !double.IsFinite(o.Replay.Speed))
        {
            errors.Add($"{S}:Replay:Speed must be 0 (as fast as possible) or more (was {o.Replay.Speed}).");
        }

        if (o.Replay.MaxGapSeconds is { } gap && (gap <= 0 || !double.IsFinite(gap)))
        {
            errors.Add($"{S}:Replay:MaxGapSeconds must be more than 0 when set (was {gap}).");
        }

        if (o.Replay.Path is not { Length: > 0 } && o.Markets is < 10 or > 100_000)
        {
            errors.Add($"{S}:Markets must be from 10 to 100000 (was {o.Markets}).");
        }

        if (o.Load.EventsPerSecond < 0)
        {
            errors.Add($"{S}:Load:EventsPerSecond must be 0 (as fast as possible) or more (was {o.Load.EventsPerSecond}).");
        }

        if (o.Load.MillisecondsPerEventUnpaced <= 0)
        {
            errors.Add($"{S}:Load:MillisecondsPerEventUnpaced must be more than 0 (was {o.Load.MillisecondsPerEventUnpaced}).");
        }

        if (o.Load.PauseProbability is < 0 or > 1 || o.Load.CloseDateChangeProbability is < 0 or > 1)
        {
            errors.Add($"{S}:Load:PauseProbability and {S}:Load:CloseDateChangeProbability must be from 0 to 1.");
        }

        if (o.Auth.MaxSkewSeconds <= 0)
        {
            errors.Add($"{S}:Auth:MaxSkewSeconds must be more than 0 (was {o.Auth.MaxSkewSeconds}).");
        }

        if (!o.Auth.AllowUnsigned && o.Auth.Keys.Count == 0)
        {
            errors.Add($"{S}:Auth:Keys is empty and {S}:Auth:AllowUnsigned is false: no client could connect. Add a key or set AllowUnsigned=true.");
        }

        for (var i = 0; i < o.Auth.Keys.Count; i++)
        {
            var key = o.Auth.Keys[i];
            if (string.IsNullOrWhiteSpace(key.KeyId))
            {
                errors.Add($"{S}:Auth:Keys:{i}:KeyId is required.");
            }

            if (string.IsNullOrWhiteSpace(key.PublicKeyPem) == string.IsNullOrWhiteSpace(key.PublicKeyPath))
            {
                errors.Add($"{S}:Auth:Keys:{i}: set exactly one of PublicKeyPem and PublicKeyPath.");
            }
            else if (key.PublicKeyPath is { Length: > 0 } path && !File.Exists(path))
            {
                errors.Add($"{S}:Auth:Keys:{i}:PublicKeyPath '{path}' does not exist.");
            }
        }

        if (o.Rest.RequestsPerSecond <= 0 || o.Rest.Burst <= 0)
        {
            errors.Add($"{S}:Rest:RequestsPerSecond and {S}:Rest:Burst must be more than 0.");
        }

        if (o.WebSocket.PingIntervalSeconds <= 0 || o.WebSocket.PongTimeoutSeconds <= 0)
        {
            errors.Add($"{S}:WebSocket:PingIntervalSeconds and PongTimeoutSeconds must be more than 0.");
        }

        if (o.WebSocket.SendQueueCapacity < 16)
        {
            errors.Add($"{S}:WebSocket:SendQueueCapacity must be at least 16 (was {o.WebSocket.SendQueueCapacity}).");
        }

        if (o.WebSocket.MaxMarketsPerSubscription <= 0)
        {
            errors.Add($"{S}:WebSocket:MaxMarketsPerSubscription must be more than 0.");
        }

        errors.AddRange(FaultErrors($"{S}:Faults", o.Faults));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Fault settings are also checked when changed at run time.</summary>
    public static IEnumerable<string> FaultErrors(string prefix, KalshiSimFaultOptions f)
    {
        (string Name, double Value)[] chances =
        [
            (nameof(f.DropConnection), f.DropConnection), (nameof(f.SequenceGap), f.SequenceGap), (nameof(f.DuplicateFrame), f.DuplicateFrame),
            (nameof(f.MalformedJson), f.MalformedJson), (nameof(f.UnknownMessageType), f.UnknownMessageType), (nameof(f.UnknownField), f.UnknownField),
            (nameof(f.MissingTicker), f.MissingTicker),
            (nameof(f.LegacyShapes), f.LegacyShapes), (nameof(f.BufferOverflow), f.BufferOverflow), (nameof(f.Stall), f.Stall),
        ];
        foreach (var (n, v) in chances)
        {
            if (v is < 0 or > 1 || double.IsNaN(v))
            {
                yield return $"{prefix}:{n} must be a chance from 0 to 1 (was {v}).";
            }
        }

        if (f.StallMilliseconds is < 0 or > 600_000)
        {
            yield return $"{prefix}:StallMilliseconds must be from 0 to 600000 (was {f.StallMilliseconds}).";
        }
    }
}
