using System.Security.Cryptography.X509Certificates;

namespace TR069Acs.Server.Files;

/// <summary>
/// Verifies a phone's client certificate the way Apache's <c>SSLCACertificateFile</c> + <c>SSLVerifyClient</c> do in the
/// guides: the chain must end at one of the configured CAs (the "Client Root Certificate" the vendor hands the carrier).
/// The chain is built with those CAs as the only trust anchors: the operating system's store is not consulted, nothing is
/// downloaded (no AIA fetch), and revocation is not checked (no CRL/OCSP over the network).
/// </summary>
internal sealed class ClientCertificateVerifier(X509Certificate2Collection authorities)
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The trust anchors.</summary>
    public X509Certificate2Collection Authorities { get; } = authorities;

    /// <summary>Null when <paramref name="certificate"/> chains to a configured CA, is in its validity period and may be
    /// used for client authentication; otherwise why not.</summary>
    public string? Verify(X509Certificate2 certificate, X509Certificate2Collection? presentedChain = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        if (presentedChain is not null)
        {
            // Intermediates the client sent; they are untrusted until they chain to an anchor.
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain);
        }
        if (chain.Build(certificate))
        {
            return null;
        }
        var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal);
        return $"client certificate {certificate.Subject} does not verify against Acs:ClientCa: {string.Join(", ", problems)}";
    }
}
