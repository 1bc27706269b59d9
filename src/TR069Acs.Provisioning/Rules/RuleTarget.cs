using System.Globalization;

namespace TR069Acs.Provisioning.Rules;

/// <summary>A rule resolved for one transfer: where to fetch, and how to decrypt and authenticate.</summary>
/// <param name="Scheme">Transfer protocol.</param>
/// <param name="Host">Server host name or address (IPv6 without brackets).</param>
/// <param name="Port">Server port (explicit, or 69/80/443).</param>
/// <param name="Path">The file path with any query, starting with <c>/</c>.</param>
/// <param name="Key">The <c>--key</c> value after macro expansion, or null when the file is not encrypted.</param>
/// <param name="Username">HTTP user from <c>--uid</c> or the URL's user info, or null.</param>
/// <param name="Password">HTTP password from <c>--pwd</c> or the URL's user info, or null.</param>
/// <param name="ServerFromDhcp">True when the rule named no server and the DHCP-provided one is used.</param>
public sealed record RuleTarget(
    RuleScheme Scheme,
    string Host,
    int Port,
    string Path,
    string? Key = null,
    string? Username = null,
    string? Password = null,
    bool ServerFromDhcp = false)
{
    /// <summary>The lower-case scheme name (<c>$SCHEME</c>).</summary>
    public string SchemeName => RuleSchemes.Name(Scheme);

    /// <summary>The canonical URL <c>scheme://host:port/path</c>, without credentials or key.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"{SchemeName}://{HostForUrl}:{Port}{Path}");

    /// <summary>The host as it appears in a URL (IPv6 in brackets).</summary>
    public string HostForUrl => Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;

    /// <summary>The file name a TFTP request carries: the path without its leading slash (RFC 3617).</summary>
    public string TftpFileName => Path.Length > 1 ? Path[1..] : Path;

    /// <summary>The URL as a <see cref="Uri"/> (for HTTP clients).</summary>
    public Uri ToUri() => new(Url, UriKind.Absolute);

    /// <inheritdoc />
    public override string ToString() => Key is null ? Url : "[--key ***] " + Url;
}
