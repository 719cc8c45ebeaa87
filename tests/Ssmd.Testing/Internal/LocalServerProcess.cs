using System.ComponentModel;
using System.Diagnostics;

namespace Ssmd.Testing.Internal;

/// <summary>
/// One local server process: started with its output kept in a bounded tail, waited on until it
/// answers, and stopped with its graceful signal, then killed if it does not go in time. Every live
/// process is also known to <see cref="ExitBackstop"/>, so a test host that exits without disposing
/// its fixtures still leaves no server behind.
/// </summary>
internal sealed class LocalServerProcess
{
    private const int MaxPortAttempts = 5;
    private const int KeptOutputLines = 200;
    private const int OutputLinesInFailure = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly OutputTail _output = new(KeptOutputLines);
    private readonly int _stopSignal;
    private readonly TimeSpan _stopTimeout;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private LocalServerProcess(
        string name, Process process, string commandLine, int stopSignal, TimeSpan stopTimeout, int[] ports)
    {
        Name = name;
        _process = process;
        CommandLine = commandLine;
        _stopSignal = stopSignal;
        _stopTimeout = stopTimeout;
        Ports = ports;
    }

    public string Name { get; }

    public string CommandLine { get; }

    public int Id { get; private set; }

    public int[] Ports { get; }

    /// <summary>
    /// Starts the server on fresh free ports and returns once <see cref="LocalServerSpec.IsReadyAsync"/>
    /// says it answers. If it dies because a port was taken meanwhile, starts it again on new ports.
    /// </summary>
    /// <exception cref="LocalServerException">It could not be started, died, or was not ready in time.</exception>
    public static async Task<LocalServerProcess> StartAsync(LocalServerSpec spec, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = spec.FixedPorts ?? LoopbackPorts.Allocate(spec.PortCount);
            var server = Launch(
                spec.Name, spec.FileName, spec.Arguments(ports), spec.WorkingDirectory, spec.StopSignal, spec.StopTimeout, ports);
            try
            {
                if (await server.WaitUntilReadyAsync(spec, cancellationToken))
                    return server;
            }
            catch
            {
                await server.StopAsync();
                throw;
            }

            // It exited with "address already in use": another process took a port between our choosing it and
            // the server binding it. New ports next time round.
            await server.StopAsync();
            if (attempt == MaxPortAttempts || spec.FixedPorts is not null)
                throw server.Failure($"{spec.Name} found its port taken in {MaxPortAttempts} attempts in a row");
        }
    }

    /// <summary>Runs a one-shot command (initdb, chown) and throws with its output unless it exits 0 in time.</summary>
    public static async Task RunToCompletionAsync(
        string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var run = Launch(name, fileName, arguments, workingDirectory, Posix.SigTerm, TimeSpan.FromSeconds(5), ports: []);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await run._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw run.Failure($"{name} did not finish within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            await run.StopAsync();
        }

        if (run._process.ExitCode != 0)
            throw run.Failure($"{name} failed");
    }

    /// <summary>Sends the graceful stop signal, waits, kills the process tree if needed. Idempotent.</summary>
    public Task StopAsync()
    {
        lock (_gate)
            return _stopping ??= StopCoreAsync();
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            Posix.Signal(Id, Posix.SigKill);
        await _process.WaitForExitAsync();
        await StopAsync();
    }

    /// <summary>The backstop's half of a stop: the signal only, so every server can shut down in parallel.</summary>
    public void SignalStop()
    {
        if (!_process.HasExited)
            Posix.Signal(Id, _stopSignal);
    }

    /// <summary>The backstop's other half: wait synchronously, then kill what is left.</summary>
    public void WaitOrKill(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            KillTree();
    }

    public LocalServerException Failure(string headline) =>
        new(headline, Name, CommandLine, _process.HasExited ? _process.ExitCode : null, _output.Last(OutputLinesInFailure));

    private static LocalServerProcess Launch(
        string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory, int stopSignal,
        TimeSpan stopTimeout, int[] ports)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Not the test host's console: closed right away, so nothing can wait on it.
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        var process = new Process { StartInfo = info };
        var server = new LocalServerProcess(name, process, FormatCommandLine(fileName, arguments), stopSignal, stopTimeout, ports);
        process.OutputDataReceived += (_, e) => server._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server._output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new LocalServerException(
                $"{name} could not be started: {e.Message}", name, server.CommandLine, exitCode: null, output: [], e);
        }

        server.Id = process.Id;
        ExitBackstop.Register(server);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return server;
    }

    /// <returns>True when ready; false when it died because a port was taken (worth another try).</returns>
    private async Task<bool> WaitUntilReadyAsync(LocalServerSpec spec, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.ReadyTimeout);
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    await DrainAsync();
                    return _output.Contains("address already in use") || _output.Contains("EADDRINUSE")
                        ? false
                        : throw Failure($"{Name} exited before it was ready");
                }

                // A probe could reach another program that took the port meanwhile; ours must still be alive.
                if (await spec.IsReadyAsync(Ports, deadline.Token) && !_process.HasExited)
                    return true;

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"{Name} did not become ready within {spec.ReadyTimeout.TotalSeconds:0} s");
        }
    }

    private async Task StopCoreAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Posix.Signal(Id, _stopSignal);
                if (!await WaitForExitAsync(_stopTimeout))
                {
                    KillTree();
                    await WaitForExitAsync(_stopTimeout);
                }
            }

            await DrainAsync();
        }
        finally
        {
            ExitBackstop.Unregister(this);
        }
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to do.
        }
    }

    /// <summary>After exit, waits for the output pipes to reach end of file so the tail is complete.</summary>
    private Task DrainAsync() => WaitForExitAsync(DrainTimeout);

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

    // Shell quoting, so the line can be pasted into a terminal as it is.
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
