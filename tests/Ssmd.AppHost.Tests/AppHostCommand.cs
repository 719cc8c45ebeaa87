using System.Diagnostics;

namespace Ssmd.AppHost.Tests;

/// <summary>Runs the built AppHost as the README does (<c>dotnet run --project Ssmd.AppHost</c>), to completion.</summary>
internal static class AppHostCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(IEnumerable<string> appHostArguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", "--project", "Ssmd.AppHost", "--no-build", "--" }.Concat(appHostArguments))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet run --project Ssmd.AppHost -- {string.Join(' ', appHostArguments)} did not finish in {timeout}.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
