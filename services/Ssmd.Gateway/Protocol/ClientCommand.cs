namespace Ssmd.Gateway.Protocol;

/// <summary>What a client asked for: <c>{"action":"subscribe"|"unsubscribe","symbols":[…],"id":n}</c>.</summary>
internal sealed record ClientCommand(ClientAction Action, IReadOnlyList<string> Symbols, long? Id);

internal enum ClientAction
{
    Subscribe,
    Unsubscribe,
}

/// <summary>A message that is not a command, with the error code and text the client gets back.</summary>
internal readonly record struct CommandError(string Code, string Message, long? Id = null);

/// <summary>The error codes of <c>error</c> events (README "Errors").</summary>
internal static class ErrorCodes
{
    public const string MalformedJson = "malformed_json";
    public const string UnknownAction = "unknown_action";
    public const string InvalidSymbols = "invalid_symbols";
    public const string TooManySymbols = "too_many_symbols";
    public const string UnknownSymbol = "unknown_symbol";
    public const string MessageTooLarge = "message_too_large";
    public const string BinaryNotSupported = "binary_not_supported";
    public const string RateLimited = "rate_limited";
    public const string QueueFull = "queue_full";
}
