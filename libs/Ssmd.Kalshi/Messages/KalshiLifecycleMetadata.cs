namespace Ssmd.Kalshi.Messages;

/// <summary>The <c>additional_metadata</c> of a <c>created</c> lifecycle message.</summary>
public sealed record KalshiLifecycleMetadata(
    string? Name,
    string? Title,
    string? YesSubTitle,
    string? NoSubTitle,
    string? RulesPrimary,
    string? RulesSecondary,
    bool? CanCloseEarly,
    string? EventTicker,
    long? ExpectedExpirationTs,
    string? StrikeType);
