namespace Ssmd.Storage.Internal;

/// <summary>Checks bucket names and keys before they reach a store, so a key can never climb out of a folder store's root.</summary>
internal static class ObjectKeys
{
    public static void Check(string bucket, string key)
    {
        CheckBucket(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"Object key '{key}' must be relative, with '/' separators.", nameof(key));
        foreach (var part in key.Split('/'))
        {
            if (part is "" or "." or "..")
                throw new ArgumentException($"Object key '{key}' has an empty, '.' or '..' segment.", nameof(key));
        }
    }

    public static void CheckBucket(string bucket)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        if (bucket.Contains('/', StringComparison.Ordinal) || bucket.Contains('\\', StringComparison.Ordinal) || bucket is "." or "..")
            throw new ArgumentException($"Bucket name '{bucket}' is not a single path segment.", nameof(bucket));
    }

    public static void CheckPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && (prefix.StartsWith('/') || !prefix.EndsWith('/') || prefix.Contains("..", StringComparison.Ordinal)))
            throw new ArgumentException($"Prefix '{prefix}' must be empty or a relative folder ending in '/'.", nameof(prefix));
    }
}
