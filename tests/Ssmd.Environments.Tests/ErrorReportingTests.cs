namespace Ssmd.Environments.Tests;

public sealed class ErrorReportingTests
{
    [Fact]
    public void An_error_prints_as_file_line_column_rule_message()
    {
        var error = new SsmdEnvironmentError("environments/sim.yaml", 12, 5, "format", "schedule.teardown must be a 24-hour time");

        Assert.Equal("environments/sim.yaml:12:5: [format] schedule.teardown must be a 24-hour time", error.ToString());
    }

    [Fact]
    public void A_yaml_syntax_error_carries_the_parsers_position()
    {
        const string Yaml = "apiVersion: ssmd/v1\nkind: Environment\nname: \"sim\nfeed: {}\n";

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(Yaml, "inline.yaml"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(("inline.yaml", "yaml-syntax"), (error.File, error.Rule));
        Assert.Equal((3, 7), (error.Line, error.Column));
    }

    [Fact]
    public void A_duplicate_key_does_not_hide_the_problems_after_it()
    {
        var yaml = SampleEnvironment.Sim
            .Replace("name: sample\n", "name: sample\nname: again\n", StringComparison.Ordinal)
            .Replace("  source: simulator\n", "  source: simulator\n  sauce: tomato\n", StringComparison.Ordinal);

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(yaml, "inline.yaml"));

        Assert.Equal([(4, 1, "duplicate-key"), (8, 3, "unknown-key")], exception.Errors.Select(e => (e.Line, e.Column, e.Rule)));
    }

    [Fact]
    public void A_private_key_pasted_outside_secrets_is_reported_without_echoing_it()
    {
        var yaml = SampleEnvironment.Sim.Replace(
            "name: sample\n",
            "name: sample\ndescription: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANsecretBytes\n  -----END PRIVATE KEY-----\n",
            StringComparison.Ordinal);

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(yaml, "inline.yaml"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((4, 14, "secret-by-reference"), (error.Line, error.Column, error.Rule));
        Assert.DoesNotContain("MIIEvQIBADANsecretBytes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kalshiApiKeyId: { env: 5e1c-77ab-key-id }", 26, "format", "5e1c-77ab-key-id")] // the id where its variable's name belongs
    [InlineData("kalshiPrivateKey: { secretRef: hunter2-password }", 34, "type", "hunter2")]
    [InlineData("kalshiPrivateKey: { file: \"MIIEowIBAAKCAQEA\" }", 29, "format", "MIIEowIBAAKCAQEA")]
    public void A_malformed_secret_reference_is_not_echoed_either(string entry, int column, string rule, string secret)
    {
        var yaml = SampleEnvironment.Sim + $"secrets:\n  {entry}\n";

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(yaml, "inline.yaml"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((24, column, rule), (error.Line, error.Column, error.Rule));
        Assert.DoesNotContain(secret, exception.Message, StringComparison.Ordinal);
    }
}
