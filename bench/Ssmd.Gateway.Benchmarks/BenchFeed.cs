using System.Buffers.Text;
using System.Diagnostics;
using NATS.Client.Core;
using Ssmd.Capnp;
using Ssmd.Normalized;
using Ssmd.Streams;

namespace Ssmd.Gateway.Benchmarks;

/// <summary>
/// Publishes normalized trades as the connector does (Cap'n Proto, the normalized subject, so the stream
/// stores them), stamped with the receive time at the moment of publishing: Unix ns, in
/// <c>receiveTime</c> and, as decimal text, in <c>tradeId</c>, where a WebSocket client finds it again.
/// </summary>
internal sealed class BenchFeed(NatsConnection nats, string feed, IReadOnlyList<string> tickers)
{
    private readonly MessageBuilder _builder = new();
    private readonly string[] _subjects = [.. tickers.Select(t => SsmdSubjects.Normalized(feed, NormalizedKind.Trade, t))];
    private readonly IReadOnlyList<string> _tickers = tickers;
    private readonly long[] _perTicker = new long[tickers.Count];
    private long _published;

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Trades published so far on the normalized subject of each ticker (seeds not counted).</summary>
    public long[] PerTicker() => [.. _perTicker.Select(n => Interlocked.Read(ref n))];

    /// <summary>Unix ns now, the clock the connector stamps with.</summary>
    public static long NowNanos() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>One trade for ticker number <paramref name="index"/>, received now.</summary>
    public byte[] Trade(int index)
    {
        var now = NowNanos();
        Span<byte> id = stackalloc byte[20];
        Utf8Formatter.TryFormat(now, id, out var length);
        _builder.Reset();
        var t = Ssmd.Normalized.Trade.InitRoot(_builder);
        t.SetTicker(_tickers[index]);
        t.SetTradeId(id[..length]);
        t.ReceiveTime = now;
        t.ExchangeTime = now;
        t.Price = 4_500 + (index % 100);
        t.Size = 1_000;
        t.TakerSide = (index & 1) == 0 ? Side.Yes : Side.No;
        return _builder.ToArray();
    }

    /// <summary>One trade per ticker, to make every market known to the gateway.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        for (var i = 0; i < _tickers.Count; i++)
            await nats.PublishAsync(_subjects[i], Trade(i), cancellationToken: ct);
        await nats.PingAsync(ct);
    }

    /// <summary>
    /// Publishes at <paramref name="perSecond"/> (paced by the millisecond, round-robin over the tickers) to
    /// the normalized subjects and, when <paramref name="anchorSubject"/> is given, the very same payload
    /// right after to that core subject (no stream), until <paramref name="ct"/> fires. With
    /// <paramref name="toStream"/> false, only to the anchor subject.
    /// </summary>
    public async Task PacedAsync(double perSecond, string? anchorSubject, bool toStream, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var next = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
                while (sent < due)
                {
                    var payload = Trade(next);
                    if (toStream)
                    {
                        await nats.PublishAsync(_subjects[next], payload, cancellationToken: ct);
                        Interlocked.Increment(ref _perTicker[next]);
                    }

                    if (anchorSubject is not null)
                        await nats.PublishAsync(anchorSubject, payload, cancellationToken: ct);
                    next = (next + 1) % _subjects.Length;
                    sent++;
                    Interlocked.Increment(ref _published);
                }

                await Task.Delay(1, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>As fast as nats-server takes them: batches of <paramref name="batch"/>, each confirmed by a PING round trip.</summary>
    public async Task FullSpeedAsync(int batch, CancellationToken ct)
    {
        var next = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                for (var i = 0; i < batch; i++)
                {
                    await nats.PublishAsync(_subjects[next], Trade(next), cancellationToken: ct);
                    Interlocked.Increment(ref _perTicker[next]);
                    next = (next + 1) % _subjects.Length;
                }

                Interlocked.Add(ref _published, batch);
                await nats.PingAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
