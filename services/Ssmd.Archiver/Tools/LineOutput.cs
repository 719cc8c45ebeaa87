using System.Text;

namespace Ssmd.Archiver.Tools;

/// <summary>
/// Where the read tools' lines go: UTF-8 bytes straight to standard output through one buffer (a day is
/// millions of lines: no string and no write call per line), or text to any other writer (tests).
/// </summary>
internal sealed class LineOutput : IAsyncDisposable
{
    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly TextWriter _text;
    private readonly Stream? _stdout;

    public LineOutput(TextWriter output)
    {
        _text = output;
        if (ReferenceEquals(output, Console.Out))
            _stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
    }

    /// <summary>Writes <paramref name="utf8"/> as it is (a raw archive line ends with its own newline).</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
        _stdout is { } stdout ? stdout.WriteAsync(utf8, cancellationToken) : new ValueTask(_text.WriteAsync(Encoding.UTF8.GetString(utf8.Span)));

    /// <summary>Writes <paramref name="utf8"/> and a newline.</summary>
    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        await WriteAsync(utf8, cancellationToken).ConfigureAwait(false);
        await WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stdout is { } stdout)
            await stdout.FlushAsync().ConfigureAwait(false);
    }
}
