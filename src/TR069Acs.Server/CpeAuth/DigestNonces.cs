using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace TR069Acs.Server.CpeAuth;

/// <summary>Digest nonces for CWMP (RFC 7616 §3.3): stateless — the issue time, 8 random bytes (two CPEs challenged in
/// the same millisecond get different nonces) and an HMAC of both under a key the nodes on one database share
/// (<see cref="UseKey"/>, kept encrypted in <c>cluster_keys</c>: a CPE challenged by one node behind a load balancer may
/// answer to another) — so a nonce needs no storage to be checked, expires after <see cref="CpeAuthOptions.NonceLifetimeSeconds"/>, and
/// a forged one fails. The nonce count of each nonce in use is remembered so a captured Authorization header cannot be
/// replayed; a client reusing a nonce with an increasing nc (as CPE stacks do within a connection) is fine.</summary>
internal sealed class DigestNonces
{
    private const int MaxTracked = 200_000;

    // Issue time (8 bytes), random (8), HMAC-SHA256 truncated to 16.
    private const int Length = 32;

    /// <summary>Bytes of the HMAC key.</summary>
    public const int KeyBytes = 32;

    // Until the shared key is loaded at start (before any listener accepts): a key of this process.
    private byte[] _key = RandomNumberGenerator.GetBytes(KeyBytes);
    private readonly ConcurrentDictionary<string, long> _lastCount = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _lifetimeMs;

    public DigestNonces(AcsOptions options, TimeProvider time)
    {
        _time = time;
        _lifetimeMs = Math.Max(1, options.CpeAuth.NonceLifetimeSeconds) * 1000L;
        Opaque = OpaqueOf(_key);
    }

    /// <summary>The opaque value of this node's challenges; a client echoes it.</summary>
    public string Opaque { get; private set; }

    /// <summary>Makes <paramref name="key"/> (<see cref="KeyBytes"/> bytes, shared by the nodes) the HMAC key.</summary>
    public void UseKey(byte[] key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"a nonce key is {KeyBytes} bytes, got {key.Length}", nameof(key));
        }
        Opaque = OpaqueOf(key);
        _key = key;
    }

    private static string OpaqueOf(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, "opaque"u8)[..8]);

    /// <summary>A fresh nonce.</summary>
    public string Issue()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(bytes[8..16]);
        Mac(bytes[..16], bytes[16..]);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Checks a nonce and its count.</summary>
    public NonceCheck Check(string nonce, string? nonceCount)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (nonce.Length != Length * 2 || Convert.FromHexString(nonce, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return NonceCheck.Invalid;
        }
        Span<byte> expected = stackalloc byte[16];
        Mac(bytes[..16], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[16..]))
        {
            return NonceCheck.Invalid;
        }
        var issued = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - issued > _lifetimeMs || issued - now > 60_000)
        {
            return NonceCheck.Stale;
        }
        if (nonceCount is null || !long.TryParse(nonceCount, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var nc) || nc <= 0)
        {
            return NonceCheck.Invalid;
        }
        if (_lastCount.Count > MaxTracked)
        {
            Prune(now);
        }
        while (true)
        {
            if (_lastCount.TryGetValue(nonce, out var last))
            {
                if (nc <= last)
                {
                    return NonceCheck.Replayed;
                }
                if (_lastCount.TryUpdate(nonce, nc, last))
                {
                    return NonceCheck.Valid;
                }
            }
            else if (_lastCount.TryAdd(nonce, nc))
            {
                return NonceCheck.Valid;
            }
        }
    }

    // Forgets the counts of expired nonces (they are refused as stale anyway).
    private void Prune(long now)
    {
        foreach (var nonce in _lastCount.Keys)
        {
            if (nonce.Length == Length * 2 && long.TryParse(nonce.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var issued)
                && now - issued > _lifetimeMs)
            {
                _lastCount.TryRemove(nonce, out _);
            }
        }
    }

    private void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, full);
        full[..16].CopyTo(destination);
    }
}

/// <summary>What <see cref="DigestNonces.Check"/> found.</summary>
internal enum NonceCheck
{
    /// <summary>Issued here, fresh, and the count is new.</summary>
    Valid,

    /// <summary>Issued here but expired: the client gets a new one with <c>stale=true</c>.</summary>
    Stale,

    /// <summary>Not issued here (or malformed, or without a count).</summary>
    Invalid,

    /// <summary>A count already used with this nonce: the client gets a fresh nonce (a CPE may resend a request after a
    /// network error; a replayer gains nothing, as it cannot answer the new one).</summary>
    Replayed,
}
