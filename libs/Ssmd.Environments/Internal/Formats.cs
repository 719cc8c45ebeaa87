using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Ssmd.Environments.Internal;

/// <summary>The text formats of an environment file: names, durations, sizes, clock times, bucket names.</summary>
internal static partial class Formats
{
    /// <summary>An environment name: lower-case letters, digits and inner hyphens (a DNS label, so it can name Kubernetes objects).</summary>
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    public static partial Regex EnvironmentName();

    /// <summary><c>HH:mm</c>, 24-hour.</summary>
    [GeneratedRegex("^([01][0-9]|2[0-3]):([0-5][0-9])$")]
    public static partial Regex ClockTime();

    /// <summary>A JetStream stream name: no spaces, dots, wildcards or path separators.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex StreamName();

    /// <summary>A secret's name in <c>secrets</c>: camelCase.</summary>
    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}$")]
    public static partial Regex SecretName();

    /// <summary>A POSIX environment variable name.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$")]
    public static partial Regex EnvironmentVariable();

    /// <summary>A Kubernetes Secret name (DNS subdomain).</summary>
    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    public static partial Regex KubernetesName();

    /// <summary>A key inside a Kubernetes Secret.</summary>
    [GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$")]
    public static partial Regex KubernetesKey();

    [GeneratedRegex(@"^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$")]
    private static partial Regex Prefix();

    /// <summary>An object-key prefix: segments of S3's safe characters joined by single slashes, none of them <c>.</c> or <c>..</c>.</summary>
    public static bool IsPrefix(string text) =>
        text.Length <= 512 && Prefix().IsMatch(text) && text.Split('/').All(segment => segment is not ("." or ".."));

    [GeneratedRegex("^([0-9]{1,6})(s|m|h|d)$")]
    private static partial Regex Duration();

    [GeneratedRegex("^([0-9]{1,15})(B|KiB|MiB|GiB|TiB)$")]
    private static partial Regex Size();

    /// <summary>A duration written as a whole number and one unit: <c>30s</c>, <c>2m</c>, <c>48h</c>, <c>7d</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var match = Duration().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        value = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return true;
    }

    /// <summary>A size in bytes with a binary unit: <c>512MiB</c>, <c>20GiB</c>.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var match = Size().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value switch
        {
            "B" => 1L,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            _ => 1L << 40,
        };
        if (amount > long.MaxValue / unit)
        {
            return false;
        }

        bytes = amount * unit;
        return true;
    }

    /// <summary>Why a name is not a valid S3 general-purpose bucket name, or <see langword="null"/> when it is.</summary>
    public static string? BucketNameProblem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "must be 3 to 63 characters long";
        }

        if (name.Any(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')))
        {
            return "may contain only lower-case letters, digits, dots and hyphens";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "must begin and end with a letter or digit";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal)
            || name.Contains("-.", StringComparison.Ordinal))
        {
            return "must not have a dot next to another dot or a hyphen";
        }

        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return "must not look like an IP address";
        }

        string[] reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
        string[] reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
        if (reservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            || reservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)))
        {
            return "uses a prefix or suffix that S3 reserves";
        }

        return null;
    }
}
