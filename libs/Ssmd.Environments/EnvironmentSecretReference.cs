namespace Ssmd.Environments;

/// <summary>The secret is the value of an environment variable (<c>{ env: NAME }</c>).</summary>
/// <param name="Variable">The variable's name, e.g. <c>KALSHI_API_KEY_ID</c>.</param>
public sealed record EnvironmentSecretReference(string Variable) : SecretReference
{
    /// <inheritdoc />
    public override string ToString() => $"env {Variable}";
}
