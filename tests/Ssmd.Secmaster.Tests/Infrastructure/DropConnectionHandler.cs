using System.Net;

namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>
/// Cuts one response off half-way through its body, as a connection dropped mid-transfer would, on the
/// <see cref="DropOnRequest"/>-th request whose path contains <see cref="PathContains"/>. Sits in front of
/// the simulator, which has no REST connection-drop fault of its own.
/// </summary>
internal sealed class DropConnectionHandler : DelegatingHandler
{
    private int _seen;

    public string PathContains { get; init; } = "/markets";

    public int DropOnRequest { get; init; }

    public int Dropped { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !request.RequestUri!.AbsolutePath.Contains(PathContains, StringComparison.Ordinal) ||
            Interlocked.Increment(ref _seen) != DropOnRequest)
            return response;

        Dropped++;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var cut = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BrokenStream(body[..(body.Length / 2)])) };
        response.Dispose();
        return cut;
    }

    private sealed class BrokenStream(byte[] head) : MemoryStream(head)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("connection reset by peer (test)");
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("connection reset by peer (test)");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
