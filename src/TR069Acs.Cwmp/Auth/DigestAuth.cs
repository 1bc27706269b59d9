namespace TR069Acs.Cwmp.Auth;

/// <summary>A parsed <c>WWW-Authenticate: Digest …</c> challenge (RFC 7616 / RFC 2617).</summary>
public sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, string? Qop, string Algorithm, bool Stale);

/// <summary>A parsed <c>Authorization: Digest …</c> header.</summary>
public sealed record DigestCredentials(
    string Username, string Realm, string Nonce, string Uri, string Response,
    string? Qop, string? NonceCount, string? ClientNonce, string? Opaque, string Algorithm);

/// <summary>HTTP digest authentication (MD5, qop=auth) for both sides of a Connection Request.</summary>
public static class DigestAuth
{
    /// <summary>Parses a Digest challenge header value; false when it is not one.</summary>
    public static bool TryParseChallenge(string headerValue, out DigestChallenge challenge) => throw new NotImplementedException();

    /// <summary>The Authorization header value answering <paramref name="challenge"/>.</summary>
    public static string CreateAuthorization(DigestChallenge challenge, string method, string uri, string username, string password,
        string clientNonce, int nonceCount) => throw new NotImplementedException();

    /// <summary>The WWW-Authenticate header value a server sends (qop="auth", algorithm=MD5).</summary>
    public static string CreateChallenge(string realm, string nonce, string? opaque = null, bool stale = false) => throw new NotImplementedException();

    /// <summary>Parses an Authorization header value carrying Digest credentials.</summary>
    public static bool TryParseAuthorization(string headerValue, out DigestCredentials credentials) => throw new NotImplementedException();

    /// <summary>True when <paramref name="credentials"/> prove knowledge of <paramref name="password"/> for this method.</summary>
    public static bool Verify(DigestCredentials credentials, string method, string password) => throw new NotImplementedException();
}
