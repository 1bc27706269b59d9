using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Cwmp.Auth;

/// <summary>A user name and password from an <c>Authorization: Basic …</c> header.</summary>
public sealed record BasicCredentials(string Username, string Password);

/// <summary>HTTP Basic authentication (RFC 7617): some CPEs send it unasked, and a few demand it for Connection
/// Requests. Credentials are UTF-8.</summary>
public static class BasicAuth
{
    private const string Scheme = "Basic";

    /// <summary>The Authorization header value <c>Basic base64(user:password)</c>.</summary>
    public static string CreateAuthorization(string username, string password)
        => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));

    /// <summary>The WWW-Authenticate header value a server sends.</summary>
    public static string CreateChallenge(string realm)
        => new StringBuilder("Basic ").AppendQuoted("realm", realm).AppendQuoted("charset", "UTF-8").ToString();

    /// <summary>True when <paramref name="headerValue"/> is a Basic challenge (<c>WWW-Authenticate: Basic realm=…</c>).</summary>
    public static bool IsChallenge(string? headerValue) => AuthParameters.TryStripScheme(headerValue, Scheme, out _);

    /// <summary>Parses an Authorization header value carrying Basic credentials; false when it is not one or the
    /// token is not base64 of "user:password".</summary>
    public static bool TryParseAuthorization(string? headerValue, out BasicCredentials credentials)
    {
        credentials = null!;
        if (!AuthParameters.TryStripScheme(headerValue, Scheme, out var token))
        {
            return false;
        }
        var bytes = new byte[(token.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(token.Trim(), bytes, out var written))
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        // RFC 7617 §2: the user-id cannot contain a colon, so the first one separates it from the password.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }

    /// <summary>True when <paramref name="credentials"/> carry exactly this user name and password (constant time).</summary>
    public static bool Verify(BasicCredentials credentials, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var userOk = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credentials.Username), Encoding.UTF8.GetBytes(username));
        var passwordOk = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credentials.Password), Encoding.UTF8.GetBytes(password));
        return userOk & passwordOk;
    }
}
