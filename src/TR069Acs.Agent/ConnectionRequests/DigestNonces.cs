using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace TR069Acs.Agent.ConnectionRequests;

/// <summary>Whether a nonce presented by a client is one this listener issued and still honours.</summary>
internal enum NonceStatus
{
    Valid,

    /// <summary>Issued here but expired: the client is challenged again with stale=true (RFC 7616 §3.3).</summary>
    Stale,

    Invalid,
}

/// <summary>Stateless digest nonces: the issue time and an HMAC of it under a key that lives as long as the listener.
/// The listener keeps no per-nonce memory however many phones and ACS requests there are; a nonce stays valid for
/// <paramref name="lifetime"/>. Being stateless, a nonce can be replayed within its lifetime; what a replay can do is
/// bounded by the phone's Connection Request rate limit, and a Connection Request carries no data.</summary>
internal sealed class DigestNonces(TimeSpan lifetime, TimeProvider time)
{
    private const int TimeBytes = 8;
    private const int MacBytes = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TimeBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, time.GetUtcNow().ToUnixTimeSeconds());
        Sign(nonce[..TimeBytes], nonce[TimeBytes..]);
        return Base64Url.EncodeToString(nonce);
    }

    public NonceStatus Check(string nonce)
    {
        Span<byte> bytes = stackalloc byte[TimeBytes + MacBytes];
        if (nonce.Length != Base64Url.GetEncodedLength(bytes.Length)
            || !Base64Url.TryDecodeFromChars(nonce, bytes, out var written) || written != bytes.Length)
        {
            return NonceStatus.Invalid;
        }
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..TimeBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[TimeBytes..]))
        {
            return NonceStatus.Invalid;
        }
        var age = time.GetUtcNow().ToUnixTimeSeconds() - BinaryPrimitives.ReadInt64BigEndian(bytes);
        return age < 0 ? NonceStatus.Invalid : age > lifetime.TotalSeconds ? NonceStatus.Stale : NonceStatus.Valid;
    }

    private void Sign(ReadOnlySpan<byte> issued, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, issued, mac);
        mac[..MacBytes].CopyTo(destination);
    }
}
