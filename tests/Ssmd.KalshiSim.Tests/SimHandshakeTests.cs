using System.Net;
using System.Net.WebSockets;
using Ssmd.Kalshi.Auth;

namespace Ssmd.KalshiSim.Tests;

public sealed class SimHandshakeTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_correctly_signed_handshake_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Auth:AllowUnsigned"] = "false" });
        using var client = await sim.ConnectAsync(sign: true, ct);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unsigned_handshake_is_refused_unless_unsigned_connections_are_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var strict = await SimServer.StartAsync(new() { ["Auth:AllowUnsigned"] = "false" }))
        {
            var e = await Assert.ThrowsAsync<WebSocketException>(() => strict.ConnectAsync(sign: false, ct));
            Assert.Contains("401", e.Message, StringComparison.Ordinal);
        }

        await using var open = await SimServer.StartAsync(new() { ["Auth:AllowUnsigned"] = "true" });
        using var client = await open.ConnectAsync(sign: false, ct);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("bad-signature")]
    [InlineData("stale")]
    [InlineData("unknown-key")]
    [InlineData("other-path")]
    public async Task A_bad_or_stale_signature_is_refused_even_when_unsigned_connections_are_allowed(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await SimServer.StartAsync(new() { ["Auth:AllowUnsigned"] = "true" });
        using var signer = new KalshiRequestSigner(fault == "unknown-key" ? "someone-else" : SimServer.KeyId, sim.Key.ExportPkcs8PrivateKeyPem());
        var h = signer.Sign("GET", fault == "other-path" ? "/trade-api/v2/markets" : KalshiAuthHeaders.WebSocketPath, fault == "stale" ? DateTimeOffset.UtcNow.AddMinutes(-5) : DateTimeOffset.UtcNow);
        var signature = fault == "bad-signature" ? Convert.ToBase64String(new byte[256]) : h.Signature;

        using var http = new HttpRequestMessage(HttpMethod.Get, new Uri(sim.HttpBase, KalshiAuthHeaders.WebSocketPath));
        http.Headers.Add(KalshiAuthHeaders.AccessKeyHeader, h.AccessKey);
        http.Headers.Add(KalshiAuthHeaders.TimestampHeader, h.Timestamp);
        http.Headers.Add(KalshiAuthHeaders.SignatureHeader, signature);
        using var response = await sim.Http.SendAsync(http, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_credentials", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
