namespace Ssmd.Environments.Internal;

internal sealed partial class EnvironmentReader
{
    private FeedDefinition? ReadFeed(MappingReader root)
    {
        if (Section(root, "feed", "it says where market data comes from: source simulator or kalshi") is not { } map)
        {
            return null;
        }

        var before = context.Count;
        var exchange = ReadExchange(map);
        var source = ReadSource(map);
        var webSocketUrl = ReadUrl(map, "websocketUrl", source, "wss", "ws", KalshiFeed.WebSocketPath,
            "wss://external-api-ws.kalshi.com/trade-api/ws/v2");
        var restUrl = ReadUrl(map, "restUrl", source, "https", "http", KalshiFeed.RestPath,
            "https://external-api.kalshi.com/trade-api/v2");
        var channels = ReadChannels(map);
        var marketsPerSubscription = ReadMarketsPerSubscription(map);
        var replay = ReadReplay(map, source);
        map.ReportUnknownKeys();

        if (context.Count > before || exchange is null || source is null || channels is null || marketsPerSubscription is null)
        {
            return null;
        }

        return new FeedDefinition
        {
            Exchange = exchange,
            Source = source.Value,
            WebSocketUrl = webSocketUrl,
            RestUrl = restUrl,
            Channels = channels,
            MarketsPerSubscription = marketsPerSubscription.Value,
            Replay = replay,
        };
    }

    private string? ReadExchange(MappingReader map)
    {
        if (RequiredText(map, "exchange", "write 'exchange: kalshi'") is not (var node, var value))
        {
            return null;
        }

        if (value != KalshiFeed.Exchange)
        {
            context.Report(node, Rules.Enum, $"feed.exchange must be 'kalshi' (the only exchange ssmd captures today), got {Values.Quote(value)}");
            return null;
        }

        return value;
    }

    private FeedSource? ReadSource(MappingReader map)
    {
        if (RequiredText(map, "source", "simulator or kalshi") is not (var node, var value))
        {
            return null;
        }

        _sourceNode = node;
        _source = value switch
        {
            "simulator" => FeedSource.Simulator,
            "kalshi" => FeedSource.Kalshi,
            _ => null,
        };
        if (_source is null)
        {
            var guess = Suggestions.Closest(value, ["simulator", "kalshi"]);
            var hint = guess is null ? "" : $"; did you mean '{guess}'?";
            context.Report(node, Rules.Enum, $"feed.source must be 'simulator' or 'kalshi', got {Values.Quote(value)}{hint}");
        }

        return _source;
    }

    /// <summary>
    /// Kalshi needs both URLs, encrypted, on the paths Kalshi serves (the WebSocket path is part of the
    /// signed string). The simulator's URLs are optional: the AppHost wires the simulator it starts.
    /// </summary>
    private Uri? ReadUrl(MappingReader map, string key, FeedSource? source, string secureScheme, string plainScheme,
        string kalshiPath, string example)
    {
        var path = map.PathOf(key);
        var entry = source == FeedSource.Kalshi
            ? RequiredText(map, key, $"source kalshi needs it, e.g. {example}")
            : OptionalText(map, key);
        if (entry is not (var node, var value))
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.IsFile || string.IsNullOrEmpty(url.Host))
        {
            context.Report(node, Rules.Format, $"{path} must be an absolute URL such as {example}, got {Values.Quote(value)}");
            return null;
        }

        if (source == FeedSource.Kalshi)
        {
            if (url.Scheme != secureScheme)
            {
                context.Report(node, Rules.Format, $"{path} must use {secureScheme}:// for source kalshi, got {url.Scheme}://");
                return null;
            }

            if (url.AbsolutePath != kalshiPath || url.Query.Length > 0 || url.Fragment.Length > 0)
            {
                context.Report(node, Rules.Format,
                    $"{path} must have the path {kalshiPath} and nothing after it (Kalshi serves and signs that path), e.g. {example}");
                return null;
            }
        }
        else if (url.Scheme != secureScheme && url.Scheme != plainScheme)
        {
            context.Report(node, Rules.Format, $"{path} must use {secureScheme}:// or {plainScheme}://, got {url.Scheme}://");
            return null;
        }

        return url;
    }

    private string[]? ReadChannels(MappingReader map)
    {
        const string Example = "e.g. [orderbook_delta, ticker, trade, market_lifecycle_v2]";
        if (map.Required("channels", Example) is not { } node || Values.List(context, node, "feed.channels") is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            context.Report(node, Rules.Required, $"feed.channels needs at least one channel, {Example}");
            return null;
        }

        var before = context.Count;
        var channels = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"feed.channels[{i}]";
            if (Values.Text(context, items[i], path) is not { } channel)
            {
                continue;
            }

            if (KalshiFeed.Channels.Contains(channel))
            {
                if (channels.Contains(channel, StringComparer.Ordinal))
                {
                    context.Report(items[i], Rules.DuplicateEntry, $"{path}: channel '{channel}' is listed twice");
                }

                channels.Add(channel);
            }
            else if (KalshiFeed.UnsupportedChannels.TryGetValue(channel, out var reason))
            {
                context.Report(items[i], Rules.Enum, $"{path}: channel '{channel}' {reason}");
            }
            else
            {
                var known = KalshiFeed.Channels.Order(StringComparer.Ordinal).ToArray();
                var guess = Suggestions.Closest(channel, known);
                var hint = guess is null ? "" : $"; did you mean '{guess}'?";
                context.Report(items[i], Rules.Enum,
                    $"{path}: unknown Kalshi channel, got {Values.Quote(channel)}{hint} (known: {string.Join(", ", known)})");
            }
        }

        return context.Count > before ? null : [.. channels];
    }

    private int? ReadMarketsPerSubscription(MappingReader map)
    {
        if (map.Required("marketsPerSubscription", "e.g. 200") is not { } node
            || Values.WholeNumber(context, node, "feed.marketsPerSubscription") is not { } value)
        {
            return null;
        }

        if (value is < 1 or > KalshiFeed.MaxMarketsPerSubscription)
        {
            context.Report(node, Rules.Range,
                $"feed.marketsPerSubscription must be between 1 and {KalshiFeed.MaxMarketsPerSubscription}, got {value}: Kalshi caps markets per subscription (about 256, unpublished) and new markets arrive in bursts, so keep headroom (200 is a good value)");
            return null;
        }

        return value;
    }
}
