using System.Security.Cryptography;
using Ssmd.Kalshi.Auth;

namespace Ssmd.Kalshi.Tests;

public sealed class KalshiSignatureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1795534200123);

    private static (KalshiRequestSigner Signer, KalshiSignatureVerifier Verifier) Pair(string keyId = "key-1")
    {
        using var rsa = RSA.Create(2048);
        var signer = new KalshiRequestSigner(keyId, rsa.ExportPkcs8PrivateKeyPem());
        var verifier = new KalshiSignatureVerifier([new(keyId, rsa.ExportSubjectPublicKeyInfoPem())], TimeSpan.FromSeconds(30));
        return (signer, verifier);
    }

    [Fact]
    public void A_websocket_handshake_signature_verifies_against_the_registered_public_key()
    {
        var (signer, verifier) = Pair();
        var h = signer.Sign("GET", KalshiAuthHeaders.WebSocketPath, Now);
        Assert.Equal("1795534200123", h.Timestamp);
        Assert.Equal(KalshiSignatureCheck.Valid, verifier.Verify(h.AccessKey, h.Timestamp, h.Signature, "GET", KalshiAuthHeaders.WebSocketPath, Now.AddSeconds(2)));
    }

    [Fact]
    public void The_query_string_is_not_signed()
    {
        var (signer, verifier) = Pair();
        var h = signer.Sign("GET", "/trade-api/v2/markets?limit=5", Now);
        Assert.Equal(KalshiSignatureCheck.Valid, verifier.Verify(h.AccessKey, h.Timestamp, h.Signature, "GET", "/trade-api/v2/markets", Now));
    }

    [Fact]
    public void A_signature_for_another_path_a_stale_timestamp_or_an_unknown_key_is_refused()
    {
        var (signer, verifier) = Pair();
        var h = signer.Sign("GET", KalshiAuthHeaders.WebSocketPath, Now);
        Assert.Equal(KalshiSignatureCheck.BadSignature, verifier.Verify(h.AccessKey, h.Timestamp, h.Signature, "GET", "/trade-api/v2/markets", Now));
        Assert.Equal(KalshiSignatureCheck.StaleTimestamp, verifier.Verify(h.AccessKey, h.Timestamp, h.Signature, "GET", KalshiAuthHeaders.WebSocketPath, Now.AddMinutes(5)));
        Assert.Equal(KalshiSignatureCheck.UnknownKey, verifier.Verify("other", h.Timestamp, h.Signature, "GET", KalshiAuthHeaders.WebSocketPath, Now));
        Assert.Equal(KalshiSignatureCheck.MissingHeaders, verifier.Verify(null, null, null, "GET", KalshiAuthHeaders.WebSocketPath, Now));
        Assert.Equal(KalshiSignatureCheck.BadSignature, verifier.Verify(h.AccessKey, h.Timestamp, "not base64!", "GET", KalshiAuthHeaders.WebSocketPath, Now));
    }

    [Fact]
    public void A_key_pair_other_than_the_registered_one_is_refused()
    {
        var (_, verifier) = Pair("key-1");
        var (otherSigner, _) = Pair("key-1");
        var h = otherSigner.Sign("GET", KalshiAuthHeaders.WebSocketPath, Now);
        Assert.Equal(KalshiSignatureCheck.BadSignature, verifier.Verify(h.AccessKey, h.Timestamp, h.Signature, "GET", KalshiAuthHeaders.WebSocketPath, Now));
    }
}
