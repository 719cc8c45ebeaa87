using System.Text;
using System.Text.Json;

namespace Ssmd.Gateway.Protocol;

/// <summary>
/// Reads one client message with <see cref="Utf8JsonReader"/>. Unknown properties are skipped; a
/// symbol list longer than the client may hold is refused as soon as it passes the limit, so a
/// 100,000-symbol message never becomes 100,000 strings.
/// </summary>
internal static class ClientCommandParser
{
    /// <summary>Tickers are short ASCII; anything longer is not one.</summary>
    public const int MaxSymbolLength = 128;

    public static bool TryParse(ReadOnlySpan<byte> json, int maxSymbols, out ClientCommand command, out CommandError error)
    {
        command = null!;
        error = default;
        string? action = null;
        List<string>? symbols = null;
        long? id = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new CommandError(ErrorCodes.MalformedJson, "A message must be a JSON object: {\"action\":\"subscribe\",\"symbols\":[\"TICKER\"]}");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("action"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = new CommandError(ErrorCodes.UnknownAction, "\"action\" must be \"subscribe\" or \"unsubscribe\"");
                        return false;
                    }

                    action = reader.ValueTextEquals("subscribe"u8) ? "subscribe" : reader.ValueTextEquals("unsubscribe"u8) ? "unsubscribe" : "?";
                }
                else if (reader.ValueTextEquals("symbols"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        error = new CommandError(ErrorCodes.InvalidSymbols, "\"symbols\" must be an array of market tickers");
                        return false;
                    }

                    symbols = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length is 0 or > MaxSymbolLength)
                        {
                            error = new CommandError(ErrorCodes.InvalidSymbols, $"\"symbols\" must hold market tickers: strings of 1 to {MaxSymbolLength} characters");
                            return false;
                        }

                        if (symbols.Count == maxSymbols)
                        {
                            error = new CommandError(ErrorCodes.TooManySymbols, $"At most {maxSymbols} symbols per client; nothing was changed");
                            return false;
                        }

                        symbols.Add(reader.GetString()!);
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                        id = value;
                    else
                        reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = new CommandError(ErrorCodes.MalformedJson, "A message must be exactly one JSON object", id);
                return false;
            }
        }
        catch (JsonException e)
        {
            error = new CommandError(ErrorCodes.MalformedJson, $"Not valid JSON: {Trim(e.Message)}", id);
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString on invalid UTF-8 / escapes.
            error = new CommandError(ErrorCodes.MalformedJson, "Not valid JSON text", id);
            return false;
        }

        if (action is null or "?")
        {
            error = new CommandError(ErrorCodes.UnknownAction, "\"action\" must be \"subscribe\" or \"unsubscribe\"", id);
            return false;
        }

        if (symbols is null)
        {
            error = new CommandError(ErrorCodes.InvalidSymbols, "\"symbols\" is required: an array of market tickers", id);
            return false;
        }

        command = new ClientCommand(action == "subscribe" ? ClientAction.Subscribe : ClientAction.Unsubscribe, symbols, id);
        return true;
    }

    /// <summary>The symbols of <c>?symbols=A,B</c>, or an error when there are too many or one is not a ticker.</summary>
    public static bool TryParseQuery(string? value, int maxSymbols, out List<string> symbols, out CommandError error)
    {
        symbols = [];
        error = default;
        if (string.IsNullOrEmpty(value))
            return true;
        foreach (var range in value.AsSpan().Split(','))
        {
            var symbol = value.AsSpan()[range].Trim();
            if (symbol.IsEmpty)
                continue;
            if (symbol.Length > MaxSymbolLength)
            {
                error = new CommandError(ErrorCodes.InvalidSymbols, $"symbols must be market tickers of at most {MaxSymbolLength} characters");
                return false;
            }

            if (symbols.Count == maxSymbols)
            {
                error = new CommandError(ErrorCodes.TooManySymbols, $"At most {maxSymbols} symbols per client; nothing was subscribed");
                symbols.Clear();
                return false;
            }

            symbols.Add(symbol.ToString());
        }

        return true;
    }

    private static string Trim(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var c in message)
        {
            if (!char.IsControl(c))
                builder.Append(c);
        }

        return builder.Length > 200 ? builder.ToString(0, 200) : builder.ToString();
    }
}
