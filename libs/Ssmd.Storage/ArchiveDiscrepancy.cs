namespace Ssmd.Storage;

/// <summary>One thing <see cref="ArchiveVerifier"/> found wrong.</summary>
/// <param name="Subject">The file key, the manifest key, or <c>stream NAME</c>.</param>
/// <param name="Problem">What is wrong, with expected and found values.</param>
public sealed record ArchiveDiscrepancy(string Subject, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Subject}: {Problem}";
}
