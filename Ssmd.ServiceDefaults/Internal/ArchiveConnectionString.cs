namespace Ssmd.ServiceDefaults.Internal;

/// <summary>Parses the archive store's connection string into <see cref="ArchiveStoreSettings"/>.</summary>
internal static class ArchiveConnectionString
{
    public const string Format = "Endpoint=http://host:port;AccessKey=key;SecretKey=secret[;Region=us-east-1] for S3, or file:///absolute/folder for a local folder";
    public const string Example = "Endpoint=http://127.0.0.1:9000;AccessKey=minio;SecretKey=<secret>";
    public const string DefaultRegion = "us-east-1";

    private static readonly string[] Keys = ["Endpoint", "AccessKey", "SecretKey", "Region"];

    public static bool TryParse(string text, ArchiveStoreSettings settings, out string problem)
    {
        text = text.Trim();
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseFolder(text, settings, out problem);
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            problem = "it is neither Key=Value pairs nor a file:/// URL";
            return false;
        }

        if (!KeyValueConnectionString.TryParse(text, Keys, out var values, out problem))
        {
            return false;
        }

        foreach (var required in new[] { "Endpoint", "AccessKey", "SecretKey" })
        {
            if (values[required] is null)
            {
                problem = $"{required} is missing or empty";
                return false;
            }
        }

        if (!Uri.TryCreate(values["Endpoint"], UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("http" or "https")
            || endpoint.Host.Length == 0)
        {
            problem = "Endpoint is not an absolute http:// or https:// URL";
            return false;
        }

        settings.Kind = ArchiveStoreKind.S3;
        settings.Endpoint = endpoint;
        settings.AccessKey = values["AccessKey"];
        settings.SecretKey = values["SecretKey"];
        settings.Region = values["Region"] ?? DefaultRegion;
        return true;
    }

    private static bool TryParseFolder(string text, ArchiveStoreSettings settings, out string problem)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile || uri.IsUnc || !Path.IsPathFullyQualified(uri.LocalPath))
        {
            problem = "a folder must be an absolute file URL with three slashes";
            return false;
        }

        settings.Kind = ArchiveStoreKind.Folder;
        settings.FolderPath = uri.LocalPath;
        problem = "";
        return true;
    }
}
