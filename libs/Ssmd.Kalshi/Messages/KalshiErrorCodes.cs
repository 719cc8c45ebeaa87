namespace Ssmd.Kalshi.Messages;

/// <summary>WebSocket error codes (live spec; 6, 16 and 17 are retired) and the texts Kalshi sends with them.</summary>
public static class KalshiErrorCodes
{
    public const int UnableToProcess = 1;
    public const int ParamsRequired = 2;
    public const int ChannelsRequired = 3;
    public const int SubscriptionIdsRequired = 4;
    public const int UnknownCommand = 5;
    public const int UnknownSubscriptionId = 7;
    public const int UnknownChannel = 8;
    public const int AuthenticationRequired = 9;
    public const int ChannelError = 10;
    public const int InvalidParameter = 11;
    public const int ExactlyOneSubscriptionId = 12;
    public const int UnsupportedAction = 13;
    public const int MarketTickerRequired = 14;
    public const int ActionRequired = 15;
    public const int CommandTimeout = 18;
    public const int SubscriptionBufferOverflow = 25;
    public const int SubscriptionMarketLimit = 26;
    public const int TooManyRequests = 27;

    /// <summary>The text Kalshi sends with a code.</summary>
    public static string Text(int code) => code switch
    {
        UnableToProcess => "Unable to process message",
        ParamsRequired => "Params required",
        ChannelsRequired => "Channels required",
        SubscriptionIdsRequired => "Subscription IDs required",
        UnknownCommand => "Unknown command",
        UnknownSubscriptionId => "Unknown subscription ID",
        UnknownChannel => "Unknown channel name",
        AuthenticationRequired => "Authentication required",
        ChannelError => "Channel error",
        InvalidParameter => "Invalid parameter",
        ExactlyOneSubscriptionId => "Exactly one subscription ID is required",
        UnsupportedAction => "Unsupported action",
        MarketTickerRequired => "Market Ticker required",
        ActionRequired => "Action required",
        CommandTimeout => "Command timeout",
        SubscriptionBufferOverflow => "Subscription buffer overflow",
        SubscriptionMarketLimit => "Subscription market limit exceeded",
        TooManyRequests => "Too many requests",
        _ => "Error",
    };
}
