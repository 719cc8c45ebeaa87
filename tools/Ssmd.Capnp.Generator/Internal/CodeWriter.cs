using System.Text;

namespace Ssmd.Capnp.Generator.Internal;

/// <summary>Indented C# text with LF line endings (the committed files must not depend on the OS).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Writes an XML doc summary, one /// line per line of <paramref name="doc"/>.</summary>
    public void Summary(string doc)
    {
        string[] lines = doc.Trim().Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 1)
        {
            Line($"/// <summary>{Escape(lines[0].Trim())}</summary>");
            return;
        }

        Line("/// <summary>");
        foreach (string line in lines)
        {
            Line($"/// {Escape(line.Trim())}".TrimEnd());
        }

        Line("/// </summary>");
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    public override string ToString() => _text.ToString();
}
