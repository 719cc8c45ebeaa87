using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Ssmd.Storage;
using Ssmd.Streams;

namespace Ssmd.Archiver.Internal;

/// <summary>
/// Verification's view of a JetStream stream: its sequence range, and one stored message's
/// <c>Ssmd-Receive-Time</c> through the <c>STREAM.MSG.GET</c> API (which this NATS.Net version does not wrap).
/// </summary>
internal sealed class NatsStreamProbe(INatsConnection connection, INatsJSContext jetStream) : IArchiveStreamProbe
{
    public async Task<(ulong First, ulong Last)?> GetRangeAsync(string stream, CancellationToken cancellationToken)
    {
        try
        {
            var found = await jetStream.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (found.Info.State.FirstSeq, found.Info.State.LastSeq);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    public async Task<long?> GetReceiveTimeAsync(string stream, ulong sequence, CancellationToken cancellationToken)
    {
        var request = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{sequence}}}"));
        var reply = await connection.RequestAsync<byte[], byte[]>($"$JS.API.STREAM.MSG.GET.{stream}", request, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(reply.Data ?? []);
        if (!json.RootElement.TryGetProperty("message", out var message) || !message.TryGetProperty("hdrs", out var hdrs))
            return null;
        var headers = Encoding.UTF8.GetString(Convert.FromBase64String(hdrs.GetString() ?? ""));
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(SsmdHeaders.ReceiveTime, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns))
                return ns;
        }

        return null;
    }
}
