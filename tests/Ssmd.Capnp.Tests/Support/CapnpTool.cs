using System.Diagnostics;

namespace Ssmd.Capnp.Tests.Support;

/// <summary>
/// Runs the reference tool, <c>capnp</c> (Debian package capnproto; scripts/install-prerequisites.sh installs it), with
/// stdin and stdout as bytes, in a temporary folder, with a timeout.
/// </summary>
public static class CapnpTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>capnp decode --short: one line of text per message of the stream.</summary>
    public static IReadOnlyList<string> Decode(string schema, string type, byte[] messages)
    {
        byte[] output = Run(["decode", "--short", schema, type], messages);
        return System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// capnp encode: a stream of framed messages, one per text value; with <paramref name="segmentWords"/>,
    /// the reference builder's segments are that small (and objects spill behind its far pointers).
    /// </summary>
    public static byte[] Encode(string schema, string type, IEnumerable<string> texts, int? segmentWords = null) =>
        Run(
            segmentWords is { } words ? ["encode", $"--segment-size={words}", schema, type] : ["encode", schema, type],
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', texts) + "\n"));

    /// <summary>capnp compile -o-: the CodeGeneratorRequest for a schema.</summary>
    public static byte[] CodeGeneratorRequest(string schema) =>
        Run(["compile", $"--src-prefix={Path.GetDirectoryName(schema)}", "-o-", schema], []);

    /// <summary>capnp compile -ocapnp: the schema as the reference compiler lays it out (offsets, ordinals, sizes).</summary>
    public static string Layout(string schema) =>
        System.Text.Encoding.UTF8.GetString(Run(["compile", $"--src-prefix={Path.GetDirectoryName(schema)}", "-ocapnp", schema], []));

    private static byte[] Run(string[] arguments, byte[] input)
    {
        string folder = Directory.CreateTempSubdirectory("ssmd-capnp-").FullName;
        try
        {
            var start = new ProcessStartInfo("capnp")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("capnp did not start.");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException(
                    "The reference tool 'capnp' is not on PATH: install the Debian package capnproto (scripts/install-prerequisites.sh does).", e);
            }

            using (process)
            {
                var stdout = new MemoryStream();
                Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                Task copyIn = Task.Run(() =>
                {
                    process.StandardInput.BaseStream.Write(input);
                    process.StandardInput.Close();
                });
                if (!process.WaitForExit(Timeout) || !Task.WaitAll([copyOut, stderr, copyIn], Timeout))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"capnp {string.Join(' ', arguments)} did not finish within {Timeout}.");
                }

                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"capnp {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
                }

                return stdout.ToArray();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
