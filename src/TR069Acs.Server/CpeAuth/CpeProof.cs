namespace TR069Acs.Server.CpeAuth;

/// <summary>Proof that a request comes from the device it names: the device's own credentials (never the shared bootstrap
/// pair) or a verified client certificate naming it. <see cref="CpeAuthenticator"/> sets it on the request's features;
/// it is absent when a CPE was only admitted (lab mode, open admission, the bootstrap credential).</summary>
/// <param name="DeviceId">The device proven.</param>
/// <param name="Username">The Digest/Basic user name that proved it, or null.</param>
/// <param name="CertificateHash">The SHA-256 hash of the client certificate that proved it, or null.</param>
internal sealed record CpeProof(string DeviceId, string? Username, string? CertificateHash);
