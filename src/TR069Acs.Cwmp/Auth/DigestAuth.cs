using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Cwmp.Auth;

/// <summary>A parsed <c>WWW-Authenticate: Digest …</c> challenge (RFC 7616 / RFC 2617).</summary>
public sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, string? Qop, string Algorithm, bool Stale);

/// <summary>A parsed <c>Authorization: Digest …</c> header.</summary>
public sealed record DigestCredentials(
    string Username, string Realm, string Nonce, string Uri, string Response,
    string? Qop, string? NonceCount, string? ClientNonce, string? Opaque, string Algorithm);

/// <summary>HTTP digest authentication (MD5, qop=auth) for both sides of a Connection Request.</summary>
/// <remarks>
/// TR-069 3.2.2 requires digest for Connection Requests. MD5 with qop="auth" is what CPEs implement; the RFC 2069
/// form without qop (older CPEs) and the RFC 7616 algorithms MD5-sess, SHA-256 and SHA-256-sess are handled too.
/// qop="auth-int" is not: a challenge that offers only it is refused by <see cref="TryParseChallenge"/>.
/// </remarks>
public static class DigestAuth
{
    private const string Scheme = "Digest";
    private const string Md5 = "MD5";

    /// <summary>Parses a Digest challenge header value; false when it is not one, or asks for an algorithm or qop
    /// this class cannot answer.</summary>
    public static bool TryParseChallenge(string headerValue, out DigestChallenge challenge)
    {
        challenge = null!;
        if (!AuthParameters.TryParse(headerValue, Scheme, out var p)
            || !p.TryGetValue("realm", out var realm)
            || !p.TryGetValue("nonce", out var nonce)
            || !TryNormalizeAlgorithm(p.GetValueOrDefault("algorithm"), out var algorithm))
        {
            return false;
        }
        var qop = p.GetValueOrDefault("qop");
        if (qop is not null && !OffersAuth(qop))
        {
            return false;
        }
        var stale = p.TryGetValue("stale", out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase);
        challenge = new DigestChallenge(realm, nonce, p.GetValueOrDefault("opaque"), qop, algorithm, stale);
        return true;
    }

    /// <summary>The Authorization header value answering <paramref name="challenge"/>.</summary>
    /// <param name="challenge">What the server sent.</param>
    /// <param name="method">The request method, e.g. <c>GET</c>.</param>
    /// <param name="uri">The request-target as sent on the request line, e.g. <c>/cr/FCH0001</c>.</param>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="clientNonce">A fresh random cnonce (used when the challenge offers qop).</param>
    /// <param name="nonceCount">How many requests this nonce has answered, starting at 1.</param>
    public static string CreateAuthorization(DigestChallenge challenge, string method, string uri, string username, string password,
        string clientNonce, int nonceCount)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!TryNormalizeAlgorithm(challenge.Algorithm, out var algorithm))
        {
            throw new ArgumentException($"Digest algorithm '{challenge.Algorithm}' is not supported.", nameof(challenge));
        }
        var useQop = !string.IsNullOrEmpty(challenge.Qop);
        var nc = useQop ? nonceCount.ToString("x8", CultureInfo.InvariantCulture) : null;
        var cnonce = useQop ? clientNonce : null;
        var response = ComputeResponse(algorithm, username, challenge.Realm, password, challenge.Nonce,
            method, uri, useQop ? "auth" : null, nc, cnonce);

        var sb = new StringBuilder("Digest ");
        sb.AppendQuoted("username", username)
            .AppendQuoted("realm", challenge.Realm)
            .AppendQuoted("nonce", challenge.Nonce)
            .AppendQuoted("uri", uri)
            .AppendToken("algorithm", algorithm)
            .AppendQuoted("response", response);
        if (challenge.Opaque is not null)
        {
            sb.AppendQuoted("opaque", challenge.Opaque);
        }
        if (useQop)
        {
            sb.AppendToken("qop", "auth").AppendToken("nc", nc!).AppendQuoted("cnonce", cnonce!);
        }
        return sb.ToString();
    }

    /// <summary>The WWW-Authenticate header value a server sends (qop="auth", algorithm=MD5).</summary>
    public static string CreateChallenge(string realm, string nonce, string? opaque = null, bool stale = false)
    {
        var sb = new StringBuilder("Digest ");
        sb.AppendQuoted("realm", realm).AppendQuoted("qop", "auth").AppendQuoted("nonce", nonce);
        if (opaque is not null)
        {
            sb.AppendQuoted("opaque", opaque);
        }
        sb.AppendToken("algorithm", Md5);
        if (stale)
        {
            sb.AppendToken("stale", "true");
        }
        return sb.ToString();
    }

    /// <summary>Parses an Authorization header value carrying Digest credentials.</summary>
    public static bool TryParseAuthorization(string headerValue, out DigestCredentials credentials)
    {
        credentials = null!;
        if (!AuthParameters.TryParse(headerValue, Scheme, out var p)
            || !p.TryGetValue("username", out var username)
            || !p.TryGetValue("realm", out var realm)
            || !p.TryGetValue("nonce", out var nonce)
            || !p.TryGetValue("uri", out var uri)
            || !p.TryGetValue("response", out var response))
        {
            return false;
        }
        var algorithm = p.GetValueOrDefault("algorithm") ?? Md5;
        credentials = new DigestCredentials(username, realm, nonce, uri, response, p.GetValueOrDefault("qop"),
            p.GetValueOrDefault("nc"), p.GetValueOrDefault("cnonce"), p.GetValueOrDefault("opaque"), algorithm);
        return true;
    }

    /// <summary>True when <paramref name="credentials"/> prove knowledge of <paramref name="password"/> for this method.</summary>
    /// <remarks>Only the response is checked, in constant time. The caller checks that the realm and nonce are ones
    /// it issued (and still honours), that the user name is the expected one, and that nc increases.</remarks>
    public static bool Verify(DigestCredentials credentials, string method, string password)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!TryNormalizeAlgorithm(credentials.Algorithm, out var algorithm))
        {
            return false;
        }
        string? qop = null;
        if (credentials.Qop is not null)
        {
            // RFC 7616 §3.4: with qop, nc and cnonce are mandatory; only "auth" is supported.
            if (!credentials.Qop.Equals("auth", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(credentials.NonceCount) || string.IsNullOrEmpty(credentials.ClientNonce))
            {
                return false;
            }
            qop = "auth";
        }
        var expected = ComputeResponse(algorithm, credentials.Username, credentials.Realm, password, credentials.Nonce,
            method, credentials.Uri, qop, credentials.NonceCount, credentials.ClientNonce);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(credentials.Response.ToLowerInvariant()));
    }

    // RFC 7616 §3.4.1-3.4.3 (RFC 2617 §3.2.2 for MD5).
    private static string ComputeResponse(string algorithm, string username, string realm, string password, string nonce,
        string method, string uri, string? qop, string? nc, string? cnonce)
    {
        var sha256 = algorithm.StartsWith("SHA-256", StringComparison.Ordinal);
        var ha1 = Hash(sha256, $"{username}:{realm}:{password}");
        if (algorithm.EndsWith("-sess", StringComparison.Ordinal))
        {
            ha1 = Hash(sha256, $"{ha1}:{nonce}:{cnonce}");
        }
        var ha2 = Hash(sha256, $"{method}:{uri}");
        return qop is null
            ? Hash(sha256, $"{ha1}:{nonce}:{ha2}")
            : Hash(sha256, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    private static string Hash(bool sha256, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
    }

    private static bool TryNormalizeAlgorithm(string? algorithm, out string normalized)
    {
        normalized = algorithm?.ToUpperInvariant() switch
        {
            null or "MD5" => Md5,
            "MD5-SESS" => "MD5-sess",
            "SHA-256" => "SHA-256",
            "SHA-256-SESS" => "SHA-256-sess",
            _ => "",
        };
        return normalized.Length > 0;
    }

    private static bool OffersAuth(string qop)
    {
        foreach (var range in qop.AsSpan().Split(','))
        {
            if (qop.AsSpan(range).Trim().Equals("auth", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
