namespace Ssmd.Environments;

/// <summary>The secret is the content of a file (<c>{ file: /path }</c>), e.g. a mounted PEM key.</summary>
/// <param name="Path">The file's absolute path.</param>
public sealed record FileSecretReference(string Path) : SecretReference
{
    /// <inheritdoc />
    public override string ToString() => $"file {Path}";
}
