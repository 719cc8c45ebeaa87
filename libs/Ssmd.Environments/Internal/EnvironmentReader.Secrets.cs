using System.Collections.ObjectModel;
using YamlDotNet.RepresentationModel;

namespace Ssmd.Environments.Internal;

/// <summary>
/// Secrets are references only. Nothing under <c>secrets</c> is ever quoted back in a message: a value
/// written by mistake must not reach a terminal, a log or a CI report.
/// </summary>
internal sealed partial class EnvironmentReader
{
    private const string ReferenceForms = "{ env: NAME }, { file: /absolute/path } or { secretRef: { name: NAME, key: KEY } }";

    private static readonly string[] KnownSecrets = [KalshiFeed.ApiKeyIdSecret, KalshiFeed.PrivateKeySecret];

    private static readonly IReadOnlyDictionary<string, SecretReference> NoSecrets =
        new ReadOnlyDictionary<string, SecretReference>(new Dictionary<string, SecretReference>());

    private IReadOnlyDictionary<string, SecretReference>? ReadSecrets(MappingReader root)
    {
        _secretsKey = root.KeyOf("secrets");
        if (root.Optional("secrets") is not { } node)
        {
            return NoSecrets;
        }

        if (Values.Mapping(context, node, "secrets", quoteValue: false) is not { } mapping)
        {
            return null;
        }

        var before = context.Count;
        var map = new MappingReader(context, mapping, "secrets", _secretsKey!.Start);
        var secrets = new Dictionary<string, SecretReference>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            var name = key.Value!;
            _secretNames.Add(name);
            if (!Formats.SecretName().IsMatch(name))
            {
                context.Report(key, Rules.Format, "secret names are camelCase letters and digits, such as kalshiApiKeyId");
                continue;
            }

            if (!KnownSecrets.Contains(name, StringComparer.Ordinal) && Suggestions.Closest(name, KnownSecrets) is { } guess)
            {
                context.Report(key, Rules.UnknownKey, $"unknown secret '{name}' in secrets; did you mean '{guess}'?");
            }

            if (ReadSecretReference(name, key, value) is { } reference)
            {
                secrets.Add(name, reference);
            }
        }

        return context.Count > before ? null : new ReadOnlyDictionary<string, SecretReference>(secrets);
    }

    private SecretReference? ReadSecretReference(string name, YamlScalarNode key, YamlNode value)
    {
        var path = $"secrets.{name}";
        switch (value)
        {
            case YamlScalarNode when Values.IsNull(value):
                context.Report(key, Rules.Required, $"{path} needs a reference: {ReferenceForms}");
                return null;
            case YamlScalarNode:
                context.Report(value, Rules.SecretByReference,
                    $"{path} is written as a value; environment files hold references only: {ReferenceForms} (the value is not shown; if it was ever committed, rotate it)");
                return null;
            case YamlSequenceNode:
                context.Report(value, Rules.Type, $"{path}: expected a mapping with one of env, file or secretRef, got a list");
                return null;
        }

        var map = new MappingReader(context, (YamlMappingNode)value, path, key.Start);
        var valueKey = map.KeyOf("value");
        if (valueKey is not null)
        {
            map.Handled("value");
            context.Report(valueKey, Rules.SecretByReference,
                $"{path}.value: environment files hold references only, never values: {ReferenceForms} (the value is not shown)");
        }

        var before = context.Count;
        var env = map.Optional("env");
        var file = map.Optional("file");
        var secretRef = map.Optional("secretRef");
        map.ReportUnknownKeys();

        var given = new[] { env, file, secretRef }.Count(n => n is not null);
        if (given == 0 && valueKey is not null)
        {
            return null;
        }

        if (given != 1)
        {
            context.Report(given == 0 ? key : value, given == 0 ? Rules.Required : Rules.Conflict,
                $"{path} needs exactly one of env, file or secretRef: {ReferenceForms}");
            return null;
        }

        SecretReference? reference = null;
        if (env is not null && Values.Text(context, env, $"{path}.env") is { } variable)
        {
            reference = Formats.EnvironmentVariable().IsMatch(variable)
                ? new EnvironmentSecretReference(variable)
                : Invalid(env, $"{path}.env must be an environment variable name (letters, digits and '_', not starting with a digit), such as KALSHI_API_KEY_ID");
        }
        else if (file is not null && Values.Text(context, file, $"{path}.file") is { } filePath)
        {
            reference = !filePath.Contains('\n') && (filePath.StartsWith('/') || Path.IsPathFullyQualified(filePath))
                ? new FileSecretReference(filePath)
                : Invalid(file, $"{path}.file must be an absolute path, such as /var/run/secrets/kalshi/private-key.pem");
        }
        else if (secretRef is not null)
        {
            reference = ReadKubernetesSecret(secretRef, $"{path}.secretRef", map.KeyOf("secretRef")!);
        }

        return context.Count > before ? null : reference;
    }

    private KubernetesSecretReference? ReadKubernetesSecret(YamlNode node, string path, YamlScalarNode key)
    {
        if (Values.Mapping(context, node, path, quoteValue: false) is not { } mapping)
        {
            return null;
        }

        var map = new MappingReader(context, mapping, path, key.Start);
        var before = context.Count;
        var name = RequiredText(map, "name", "the Kubernetes Secret's name, e.g. kalshi");
        if (name is var (nameNode, nameValue) && !Formats.KubernetesName().IsMatch(nameValue))
        {
            Invalid(nameNode, $"{path}.name must be a Kubernetes object name (lower-case letters, digits, '-' and '.'), such as kalshi");
        }

        var secretKey = RequiredText(map, "key", "the key inside the Secret, e.g. private-key");
        if (secretKey is var (keyNode, keyValue) && !Formats.KubernetesKey().IsMatch(keyValue))
        {
            Invalid(keyNode, $"{path}.key must be letters, digits, '-', '_' or '.', such as private-key");
        }

        map.ReportUnknownKeys();
        return context.Count > before || name is null || secretKey is null
            ? null
            : new KubernetesSecretReference(name.Value.Value, secretKey.Value.Value);
    }

    /// <summary>Reports a malformed reference without quoting it (it may be the secret pasted in the wrong place).</summary>
    private SecretReference? Invalid(YamlNode node, string message)
    {
        context.Report(node, Rules.Format, message);
        return null;
    }

    private void CheckKalshiCredentials()
    {
        if (_source != FeedSource.Kalshi)
        {
            return;
        }

        var missing = KnownSecrets.Where(name => !_secretNames.Contains(name)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        // Point at the place to fix: the secrets section when there is one, else the line that chose kalshi.
        var at = _secretsKey?.Start ?? _sourceNode!.Start;
        context.Report(at, Rules.KalshiNeedsCredentials,
            $"source kalshi signs every connection, so secrets needs {string.Join(" and ", missing)}, e.g. kalshiApiKeyId: {{ env: KALSHI_API_KEY_ID }} and kalshiPrivateKey: {{ file: /var/run/secrets/kalshi/private-key.pem }}");
    }
}
