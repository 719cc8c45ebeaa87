using System.Buffers;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// A response body in a buffer rented from the shared array pool; disposing returns it. A market page is
/// about a megabyte: a new array per page went to the large-object heap and made full collections.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body's bytes, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, _length);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end; <paramref name="length"/> (Content-Length, when sent) sizes
    /// the first buffer.
    /// </summary>
    /// <exception cref="HttpRequestException">The body is longer than <paramref name="limit"/> bytes (the client's <see cref="HttpClient.MaxResponseContentBufferSize"/>, as when HttpContent buffered it).</exception>
    public static async Task<PooledBody> ReadAsync(Stream stream, long? length, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length is { } known && known > 0 && known < Array.MaxLength ? (int)known + 1 : 256 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length > Array.MaxLength / 2)
                        throw new HttpRequestException($"response body longer than {buffer.Length} bytes");
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                    return new PooledBody(buffer, filled);
                filled += read;
                if (filled > limit)
                    throw new HttpRequestException($"response body longer than {limit} bytes");
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
