namespace TR069Acs.Server.Files;

/// <summary>One request for a profile, whatever the transport: what <see cref="ProfileServer.ResolveAsync"/> needs to
/// find the device, check that the requester may have its profile, record the fetch and fill template variables.</summary>
/// <param name="Name">The file name asked for.</param>
/// <param name="Method">GET, HEAD, POST, or TFTP.</param>
/// <param name="Remote">The client's address.</param>
/// <param name="UserAgent">The User-Agent header (HTTP only).</param>
/// <param name="StatusBody">The body of a POST resync.</param>
/// <param name="Certificate">The verified client certificate's identity (HTTPS with <c>Acs:ClientCa</c> only).</param>
/// <param name="Scheme">http, https or tftp.</param>
/// <param name="Host">The host the request was addressed to (HTTP Host header, without port), for URLs handed back.</param>
internal sealed record ProfileRequest(
    ProfileRequestName Name,
    string Method,
    string? Remote,
    string? UserAgent = null,
    string? StatusBody = null,
    ClientCertificateIdentity? Certificate = null,
    string Scheme = "http",
    string? Host = null);
