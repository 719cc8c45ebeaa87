using System.Threading.Channels;
using Ssmd.Connector.Kalshi;
using Ssmd.Connector.Publishing;
using Ssmd.Environments;

namespace Ssmd.Connector.Feed;

/// <summary>What every connection shares: settings, the publish queue, counters and the way back to the orchestrator.</summary>
internal sealed class FeedContext(
    ConnectorOptions options,
    SsmdEnvironment environment,
    Uri webSocketUrl,
    PublishQueue queue,
    ConnectorStats stats,
    ConnectorRun run,
    KalshiCredentials credentials,
    KalshiRestClient rest,
    MarketDirectory directory,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly Channel<MarketEvent> _events = Channel.CreateUnbounded<MarketEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ConnectorOptions Options => options;

    public SsmdEnvironment Environment => environment;

    public string Feed => environment.Feed.Exchange;

    public Uri WebSocketUrl => webSocketUrl;

    public PublishQueue Queue => queue;

    public ConnectorStats Stats => stats;

    public ConnectorRun Run => run;

    public KalshiCredentials Credentials => credentials;

    public KalshiRestClient Rest => rest;

    public MarketDirectory Directory => directory;

    public TimeProvider Time => time;

    public ILoggerFactory Loggers => loggers;

    public TradeIdSet TradeIds { get; } = new(options.TradeIdMemory);

    /// <summary>Every market captured now (all orderbook connections): whose data a firehose loss touches. Set by the orchestrator.</summary>
    public Func<IReadOnlyCollection<string>> CapturedMarkets { get; set; } = static () => [];

    /// <summary>Lifecycle changes and sweep requests for the orchestrator (low volume; never blocks).</summary>
    public ChannelReader<MarketEvent> Events => _events.Reader;

    public void Post(MarketEvent marketEvent) => _events.Writer.TryWrite(marketEvent);

    public long NowNanoseconds() => JetStreamPublisher.UnixNanoseconds(time);
}
