using Ssmd.Archiver.Journal;
using Ssmd.Capnp;
using Ssmd.Storage;

namespace Ssmd.Archiver.Consuming;

/// <summary>
/// Decides on arrival whether a message can be filed in the layout or goes to the day's rejected file.
/// Cheap and allocation-free: subjects are checked token by token on the string NATS already made, raw
/// frames by a forward-only JSON read, normalized payloads by their Cap'n Proto framing and root.
/// </summary>
internal sealed class MessageClassifier(ArchiveSource source)
{
    private readonly MessageReader _message = new();
    private readonly string _prefix = source.Archive == ArchiveKind.Raw ? $"{source.Feed}.raw." : $"{source.Feed}.{source.Token}.";

    public Rejection Classify(string subject, ReadOnlyMemory<byte> payload)
    {
        // {feed}.raw.{type} or {feed}.{kind}.{ticker}: exactly one more token after the prefix.
        if (!subject.StartsWith(_prefix, StringComparison.Ordinal) || subject.Length == _prefix.Length || subject.AsSpan(_prefix.Length).Contains('.'))
            return Rejection.Subject;
        if (source.Kind is not { } kind)
            return RawArchiveFormat.IsLineSafeJson(payload.Span) ? Rejection.None : Rejection.NotJson;
        try
        {
            if (payload.Length < 8 || MessageReader.GetFrameLength(payload.Span) != payload.Length)
                return Rejection.NotCapnp;
            _message.Load(payload);
            NormalizedArchiveFormat.ReceiveTime(kind, _message);
            return Rejection.None;
        }
        catch (CapnpFormatException)
        {
            return Rejection.NotCapnp;
        }
    }
}
