namespace Ssmd.Environments.Tests;

/// <summary>The files under Broken/ each hold one mistake a newcomer makes (many-problems.yaml holds several).</summary>
public sealed class BrokenEnvironmentTests
{
    public static TheoryData<string, int, int, string, string> FilesWithOneProblem => new()
    {
        // file, line, column, rule, a part of the message that tells the user what to do
        { "yaml-syntax.yaml", 8, 13, "yaml-syntax", "is not closed" },
        { "wrong-type.yaml", 9, 27, "type", "expected a whole number, got 'lots'" },
        { "not-a-list.yaml", 8, 13, "type", "expected a list" },
        { "unknown-key-top-level.yaml", 24, 1, "unknown-key", "unknown key 'owner' at the top level" },
        { "unknown-key-nested.yaml", 8, 3, "unknown-key", "unknown key 'websocketURL' in feed; did you mean 'websocketUrl'?" },
        { "missing-feed.yaml", 2, 1, "required", "required key 'feed' is missing" },
        { "missing-bucket.yaml", 22, 3, "required", "storage.raw: required key 'bucket' is missing" },
        { "kalshi-without-credentials.yaml", 7, 11, "kalshi-needs-credentials", "secrets needs kalshiApiKeyId and kalshiPrivateKey" },
        { "kalshi-insecure-url.yaml", 8, 17, "format", "feed.websocketUrl must use wss:// for source kalshi" },
        { "bad-duration.yaml", 19, 44, "format", "must be a duration: a whole number and one unit of s, m, h or d (30s, 2m, 48h, 7d), got '48 hours'" },
        { "max-age-too-short.yaml", 20, 58, "range", "normalizedStream.maxAge must be at least 24h" },
        { "bad-size.yaml", 19, 80, "format", "unit of B, KiB, MiB, GiB or TiB (512MiB, 20GiB), got '20GB'" },
        { "bad-enum.yaml", 7, 11, "enum", "feed.source must be 'simulator' or 'kalshi', got 'simulater'; did you mean 'simulator'?" },
        { "removed-channel.yaml", 8, 31, "enum", "channel 'ticker_v2' was removed by Kalshi on 2026-02-12" },
        { "too-many-markets.yaml", 9, 27, "range", "must be between 1 and 250, got 256" },
        { "bad-schedule-time.yaml", 12, 13, "format", "schedule.teardown must be a 24-hour time HH:mm" },
        { "duplicate-key.yaml", 10, 3, "duplicate-key", "key 'marketsPerSubscription' appears twice in the same mapping (first at line 9, column 3)" },
        { "bad-bucket-name.yaml", 22, 18, "format", "storage.raw.bucket is not a valid S3 bucket name" },
    };

    [Theory]
    [MemberData(nameof(FilesWithOneProblem))]
    public void A_broken_file_reports_its_problem_at_the_offending_node(string file, int line, int column, string rule, string message)
    {
        var path = TestFiles.Broken(file);

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Load(path));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(file, Path.GetFileName(error.File));
        Assert.Equal((line, column, rule), (error.Line, error.Column, error.Rule));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal($"{path}:{line}:{column}: [{rule}] {error.Message}", exception.Message);
    }

    [Fact]
    public void Clear_text_secrets_are_reported_without_echoing_their_values()
    {
        var path = TestFiles.Broken("clear-text-secret.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Load(path));

        Assert.Equal(
            [(25, 19, "secret-by-reference"), (26, 21, "secret-by-reference")],
            exception.Errors.Select(e => (e.Line, e.Column, e.Rule)));
        Assert.Contains("secrets.kalshiApiKeyId is written as a value", exception.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("secrets.kalshiPrivateKey is written as a value", exception.Errors[1].Message, StringComparison.Ordinal);
        foreach (var text in new[] { exception.Message, exception.ToString() })
        {
            Assert.DoesNotContain("3f9a2c1e", text, StringComparison.Ordinal);
            Assert.DoesNotContain("clear-text-id", text, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN RSA", text, StringComparison.Ordinal);
            Assert.DoesNotContain("MIIE", text, StringComparison.Ordinal);
            Assert.DoesNotContain("KeyMaterial", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_in_file_order()
    {
        var path = TestFiles.Broken("many-problems.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Load(path));

        Assert.Equal(
            [
                (2, 1, "required"),              // no schedule section
                (4, 7, "format"),                // name "Many Problems"
                (9, 27, "range"),                // marketsPerSubscription: 0
                (15, 44, "format"),              // maxAge: 2 days
                (19, 25, "format"),              // bucket ssmd..normalized
                (21, 19, "secret-by-reference"), // kalshiApiKeyId in clear text
                (22, 1, "unknown-key"),          // retention
            ],
            exception.Errors.Select(e => (e.Line, e.Column, e.Rule)));
        Assert.Equal(exception.Errors.Select(e => e.ToString()), exception.Message.Split('\n'));
        Assert.All(exception.Message.Split('\n'), line => Assert.StartsWith($"{path}:", line, StringComparison.Ordinal));
        Assert.DoesNotContain("do-not-echo-this-id", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_a_problem_of_the_whole_file()
    {
        var path = TestFiles.Broken("empty.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Load(path));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((0, 0, "required"), (error.Line, error.Column, error.Rule));
        Assert.Equal($"{path}: [required] the file is empty; an environment starts with 'apiVersion: ssmd/v1'", exception.Message);
    }

    [Fact]
    public void There_are_at_least_ten_broken_files_and_each_is_tested()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Broken"), "*.yaml").Select(Path.GetFileName).ToHashSet();
        string[] testedElsewhere = ["clear-text-secret.yaml", "many-problems.yaml", "empty.yaml"];
        var tested = FilesWithOneProblem.Select(row => row.Data.Item1).Concat(testedElsewhere).ToHashSet();

        Assert.True(files.Count >= 10, $"only {files.Count} broken files");
        Assert.Equal(files.Order(), tested.Order());
    }
}
