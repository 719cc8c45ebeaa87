using System.Text;

namespace Ssmd.Capnp;

/// <summary>
/// A Cap'n Proto Text value in place: its UTF-8 bytes without the NUL terminator. Reading it does
/// not allocate; <see cref="ToString"/> decodes it into a new string.
/// </summary>
public readonly struct Text : IEquatable<Text>
{
    private readonly ReadOnlyMemory<byte> _utf8;

    /// <summary>Wraps UTF-8 bytes (no terminator).</summary>
    public Text(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>The UTF-8 bytes, without the terminator.</summary>
    public ReadOnlySpan<byte> Span => _utf8.Span;

    /// <summary>The UTF-8 bytes, without the terminator.</summary>
    public ReadOnlyMemory<byte> Memory => _utf8;

    /// <summary>Length in UTF-8 bytes.</summary>
    public int Length => _utf8.Length;

    /// <summary>True for the empty text (and for a null pointer).</summary>
    public bool IsEmpty => _utf8.IsEmpty;

    /// <summary>True when the bytes equal <paramref name="utf8"/>.</summary>
    public bool Equals(ReadOnlySpan<byte> utf8) => _utf8.Span.SequenceEqual(utf8);

    /// <summary>True when the text equals <paramref name="value"/> (compared without allocating).</summary>
    public bool Equals(ReadOnlySpan<char> value)
    {
        ReadOnlySpan<byte> bytes = _utf8.Span;
        if (Encoding.UTF8.GetMaxCharCount(bytes.Length) < value.Length || bytes.Length < value.Length)
        {
            return false;
        }

        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        int written = Encoding.UTF8.GetChars(bytes, chars);
        return chars[..written].SequenceEqual(value);
    }

    /// <inheritdoc/>
    public bool Equals(Text other) => Equals(other._utf8.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Text other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_utf8.Span);
        return hash.ToHashCode();
    }

    /// <summary>Decodes the text (invalid UTF-8 becomes U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(_utf8.Span);

    /// <summary>Equality of the UTF-8 bytes.</summary>
    public static bool operator ==(Text left, Text right) => left.Equals(right);

    /// <summary>Inequality of the UTF-8 bytes.</summary>
    public static bool operator !=(Text left, Text right) => !left.Equals(right);
}
