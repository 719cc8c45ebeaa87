using System.Text;

namespace Ssmd.Testing;

/// <summary>
/// A local test server (nats-server, PostgreSQL, s3rver) could not be started. The message says which
/// server, why, the exact command line, the exit code if it died and the last lines it wrote, so a
/// failed run can be diagnosed from the test report alone. A missing binary is reported this way too:
/// it fails the tests, it never skips them.
/// </summary>
public sealed class LocalServerException : Exception
{
    /// <summary>Creates an exception whose message is <paramref name="message"/> alone.</summary>
    public LocalServerException(string message)
        : this(message, serverName: "", commandLine: null, exitCode: null, output: [], inner: null)
    {
    }

    /// <summary>Creates an exception whose message is <paramref name="message"/> alone.</summary>
    public LocalServerException(string message, Exception? innerException)
        : this(message, serverName: "", commandLine: null, exitCode: null, output: [], inner: innerException)
    {
    }

    internal LocalServerException(
        string headline, string serverName, string? commandLine, int? exitCode, IReadOnlyList<string> output,
        Exception? inner = null)
        : base(Format(headline, commandLine, exitCode, output), inner)
    {
        ServerName = serverName;
        CommandLine = commandLine;
        ExitCode = exitCode;
        OutputTail = output;
    }

    /// <summary>The server's name as the fixture calls it, e.g. <c>nats-server</c>.</summary>
    public string ServerName { get; }

    /// <summary>The command line that was run, or null if nothing was started.</summary>
    public string? CommandLine { get; }

    /// <summary>The exit code if the process ended.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the process wrote to stdout and stderr, oldest first.</summary>
    public IReadOnlyList<string> OutputTail { get; }

    private static string Format(string headline, string? commandLine, int? exitCode, IReadOnlyList<string> output)
    {
        if (commandLine is null && exitCode is null && output.Count == 0)
            return headline;

        var text = new StringBuilder(headline);
        if (commandLine is not null)
            text.Append("\n  command:   ").Append(commandLine);
        if (exitCode is not null)
            text.Append("\n  exit code: ").Append(exitCode.Value);
        if (output.Count == 0)
        {
            text.Append("\n  it wrote nothing to stdout or stderr");
        }
        else
        {
            text.Append("\n  output (last ").Append(output.Count).Append(output.Count == 1 ? " line):" : " lines):");
            foreach (var line in output)
                text.Append("\n    ").Append(line);
        }

        return text.ToString();
    }
}
