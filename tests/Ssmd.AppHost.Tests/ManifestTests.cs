using System.Text.Json.Nodes;
using Json.Schema;

namespace Ssmd.AppHost.Tests;

/// <summary>
/// The committed aspire-manifest/ is what the homelab deploys from: it must be what the AppHost
/// publishes today, valid against Aspire's schema, and free of secrets.
/// </summary>
public sealed class ManifestTests
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    private static string CommittedPath => Path.Combine(Repository.Root, "aspire-manifest", "aspire-manifest.json");

    [Fact]
    public async Task Committed_manifest_is_what_the_AppHost_publishes_today()
    {
        var published = await Published.Value;
        var committed = await File.ReadAllTextAsync(CommittedPath, TestContext.Current.CancellationToken);
        Assert.True(Normalize(committed) == Normalize(published),
            "aspire-manifest/aspire-manifest.json is stale. Regenerate it with: " +
            "dotnet run --project Ssmd.AppHost -- --publisher manifest --output-path ../aspire-manifest/aspire-manifest.json");
    }

    [Fact]
    public async Task Published_manifest_is_valid_against_the_aspire_schema()
    {
        var schema = JsonSchema.FromFile(Path.Combine(Repository.Shared, "schemas", "aspire-8.0.json"));
        var manifest = JsonNode.Parse(await Published.Value);
        var result = schema.Evaluate(manifest, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details.Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "The manifest does not match aspire-8.0.json:\n" + string.Join('\n', errors));
    }

    [Fact]
    public async Task Schema_check_rejects_a_container_without_an_image()
    {
        // Guards the check above: a schema that silently accepted anything would pass it too.
        var schema = JsonSchema.FromFile(Path.Combine(Repository.Shared, "schemas", "aspire-8.0.json"));
        var manifest = JsonNode.Parse(await Published.Value)!;
        manifest["resources"]!["nats"]!.AsObject().Remove("image");
        Assert.False(schema.Evaluate(manifest).IsValid);
    }

    [Fact]
    public async Task Published_manifest_uses_containers_for_infrastructure_and_parameters_for_every_secret()
    {
        var resources = JsonNode.Parse(await Published.Value)!["resources"]!.AsObject();

        foreach (var name in new[] { "nats", "postgres", "archive", "temporal" })
        {
            Assert.StartsWith("container.", (string?)resources[name]?["type"], StringComparison.Ordinal);
        }

        Assert.Equal("value.v0", (string?)resources["secmaster"]?["type"]);
        Assert.StartsWith("project.", (string?)resources["gateway"]?["type"], StringComparison.Ordinal);
        Assert.DoesNotContain(resources, r => (string?)r.Value?["type"] == "executable.v0");

        foreach (var name in new[] { "nats-password", "postgres-password", "archive-access-key", "archive-secret-key" })
        {
            var input = resources[name]?["inputs"]?["value"];
            Assert.True(input is not null, $"{name} is not a parameter");
            Assert.True((bool?)input["secret"] == true, $"{name} is not secret");
            Assert.Null(input["default"]?["value"]);
        }
    }

    [Fact]
    public async Task Published_manifest_holds_no_secret_value_and_no_machine_path()
    {
        var text = await Published.Value;
        var resources = JsonNode.Parse(text)!["resources"]!.AsObject();

        foreach (var (name, resource) in resources)
        {
            foreach (var (key, value) in resource?["env"]?.AsObject() ?? [])
            {
                if (IsSecretName(key))
                {
                    var literal = value?.ToString() ?? "";
                    Assert.True(literal.StartsWith('{') && literal.EndsWith('}'),
                        $"{name}.env.{key} holds a literal instead of a parameter reference");
                }
            }
        }

        Assert.DoesNotContain("S3RVER", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Repository.Root, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/", text, StringComparison.Ordinal);
    }

    private static bool IsSecretName(string key) =>
        key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) ||
        key.Contains("SECRET", StringComparison.OrdinalIgnoreCase) ||
        key.Contains("ACCESS_KEY", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string json) => json.ReplaceLineEndings("\n").Trim();

    /// <summary>
    /// Publishes with the README's command into a sibling of aspire-manifest/ (the same depth, so the
    /// relative project paths inside are the same), then removes it.
    /// </summary>
    private static async Task<string> PublishAsync()
    {
        var folder = $"aspire-manifest-check-{Guid.NewGuid():N}";
        var output = Path.Combine(Repository.Root, folder);
        try
        {
            var result = await AppHostCommand.RunAsync(
                ["--publisher", "manifest", "--output-path", $"../{folder}/aspire-manifest.json"], TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, $"Publishing failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
            return await File.ReadAllTextAsync(Path.Combine(output, "aspire-manifest.json"));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
