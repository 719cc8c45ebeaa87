namespace Ssmd.Environments.Internal;

/// <summary>The rule ids that appear in <see cref="SsmdEnvironmentError.Rule"/>; README.md lists them with examples.</summary>
internal static class Rules
{
    public const string YamlSyntax = "yaml-syntax";
    public const string DuplicateKey = "duplicate-key";
    public const string UnknownKey = "unknown-key";
    public const string Required = "required";
    public const string Type = "type";
    public const string Enum = "enum";
    public const string Format = "format";
    public const string Range = "range";
    public const string DuplicateEntry = "duplicate-entry";
    public const string Conflict = "conflict";
    public const string SecretByReference = "secret-by-reference";
    public const string KalshiNeedsCredentials = "kalshi-needs-credentials";
    public const string NotFound = "not-found";
    public const string Io = "io";
}
