using System.Text.Json;
using Ssmd.Storage.Internal;
using Ssmd.Streams;

namespace Ssmd.Storage;

/// <summary>Reads a whole archive file to say what it holds (verification, and the archiver's recovery after a crash in a flush).</summary>
public static class ArchiveFiles
{
    /// <summary>The manifest kind of raw files.</summary>
    public const string RawKind = "raw";

    /// <summary>The manifest kind of rejected-message files.</summary>
    public const string RejectedKind = "rejected";

    /// <summary>
    /// Reads <paramref name="stream"/> (disposed here) to its end as a file of <paramref name="kind"/>
    /// (<c>raw</c>, <c>rejected</c> or a normalized kind token).
    /// </summary>
    /// <exception cref="FormatException">A line or message is not what the kind holds, or the file is cut.</exception>
    public static async Task<ArchiveFileSummary> SummarizeAsync(Stream stream, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hashing = new HashingReadStream(stream);
        long messages = 0, first = 0, last = 0;
        try
        {
            if (kind is RawKind or RejectedKind)
            {
                await using var lines = new ZstdLineReader(hashing);
                while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    var ts = kind == RawKind ? RawArchiveFormat.ParseLine(line.Span).TsMs : RejectedTs(line.Span);
                    Note(ref messages, ref first, ref last, ts);
                }

                var sha = await hashing.FinishAsync(cancellationToken).ConfigureAwait(false);
                return new ArchiveFileSummary(messages, first, last, hashing.BytesRead, sha);
            }

            var index = SsmdSubjects.KindTokens.ToList().IndexOf(kind);
            if (index < 0)
                throw new FormatException($"Unknown file kind '{kind}'.");
            await using var reader = new NormalizedFileReader(hashing, (NormalizedKind)index, "");
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } receiveTime)
                Note(ref messages, ref first, ref last, receiveTime / 1_000_000);
            var digest = await hashing.FinishAsync(cancellationToken).ConfigureAwait(false);
            return new ArchiveFileSummary(messages, first, last, hashing.BytesRead, digest);
        }
        catch (Exception e) when (e is Capnp.CapnpFormatException or ZstdSharp.ZstdException or JsonException or InvalidDataException)
        {
            throw new FormatException($"Unreadable after {messages} messages: {e.Message}", e);
        }
    }

    private static void Note(ref long messages, ref long first, ref long last, long tsMs)
    {
        if (messages++ == 0)
            first = tsMs;
        last = tsMs;
    }

    private static long RejectedTs(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("ts"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }
        }

        throw new FormatException("A rejected line has no ts.");
    }
}
