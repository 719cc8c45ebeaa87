namespace Ssmd.AppHost.Tests;

/// <summary>The AppHost runs the environment the configuration names, and refuses a broken one clearly.</summary>
public sealed class EnvironmentChoiceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ssmd-env-");

    [Fact]
    public async Task A_broken_environment_stops_the_AppHost_with_file_line_and_rule_and_no_stack_trace()
    {
        var path = Path.Combine(_folder.FullName, "broken.yaml");
        var sim = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "environments", "sim.yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(path, sim.Replace("kind: Environment", "kind: Environment\ncolour: blue", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var line = File.ReadLines(path).TakeWhile(l => !l.StartsWith("colour:", StringComparison.Ordinal)).Count() + 1;

        var result = await AppHostCommand.RunAsync([$"--Ssmd:Environment={path}"], TimeSpan.FromMinutes(2));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:{line}:1: [unknown-key]", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_environment_name_says_which_file_was_looked_for()
    {
        var result = await AppHostCommand.RunAsync(["--Ssmd:Environment=nosuch"], TimeSpan.FromMinutes(2));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine("environments", "nosuch.yaml"), result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
