namespace Ssmd.Environments;

/// <summary>The secret is one key of a Kubernetes Secret (<c>{ secretRef: { name: N, key: K } }</c>).</summary>
/// <param name="Name">The Secret's name, e.g. <c>kalshi</c>.</param>
/// <param name="Key">The key inside the Secret, e.g. <c>private-key</c>.</param>
public sealed record KubernetesSecretReference(string Name, string Key) : SecretReference
{
    /// <inheritdoc />
    public override string ToString() => $"secretRef {Name}/{Key}";
}
