using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TR069Acs.Provisioning.Certificates;

namespace TR069Acs.Server.Files;

/// <summary>
/// The HTTPS listeners' certificate and the client-certificate trust, loaded once at startup from
/// <c>Acs:TlsCertificate</c>/<c>Acs:TlsKey</c>/<c>Acs:ClientCa</c>. Loading fails with a message naming the setting and
/// the file, so a typo stops the ACS at startup instead of at the first phone's handshake.
/// </summary>
internal sealed class TlsMaterial
{
    private TlsMaterial(X509Certificate2 certificate, X509Certificate2Collection intermediates, ClientCertificateVerifier? clientVerifier)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        ClientVerifier = clientVerifier;
    }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Certificates after the first in the certificate file, sent along so clients can build the chain.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>Verifies client certificates against <c>Acs:ClientCa</c>; null when client certificates are not asked for.</summary>
    public ClientCertificateVerifier? ClientVerifier { get; }

    /// <summary>Loads what <paramref name="options"/> names; null when no certificate is configured (HTTPS off).</summary>
    /// <exception cref="InvalidOperationException">A file is unusable; the message names the setting and the file.</exception>
    public static TlsMaterial? Load(AcsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TlsCertificate))
        {
            if (!string.IsNullOrWhiteSpace(options.TlsKey) || !string.IsNullOrWhiteSpace(options.ClientCa))
            {
                throw new InvalidOperationException("Acs:TlsKey and Acs:ClientCa need Acs:TlsCertificate (--tls-cert): HTTPS is off without a server certificate.");
            }
            return null;
        }
        X509Certificate2Collection chain;
        try
        {
            chain = PemCertificateFiles.LoadBundle(options.TlsCertificate);
        }
        catch (CertificateFileException e)
        {
            throw new InvalidOperationException($"Acs:TlsCertificate (--tls-cert): {e.Message}", e);
        }
        var keyFile = string.IsNullOrWhiteSpace(options.TlsKey) ? null : options.TlsKey;
        X509Certificate2 certificate;
        try
        {
            certificate = PemCertificateFiles.LoadWithKey(options.TlsCertificate, keyFile);
        }
        catch (CertificateFileException e)
        {
            var setting = keyFile is null ? "Acs:TlsCertificate (--tls-cert, which holds the key when Acs:TlsKey is not set)" : "Acs:TlsKey (--tls-key)";
            throw new InvalidOperationException($"{setting}: {e.Message}", e);
        }
        var now = DateTime.Now;
        if (certificate.NotAfter < now || certificate.NotBefore > now)
        {
            throw new InvalidOperationException(
                $"Acs:TlsCertificate (--tls-cert): the certificate in '{options.TlsCertificate}' ({certificate.Subject}) is valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}.");
        }
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }
        ClientCertificateVerifier? verifier = null;
        if (!string.IsNullOrWhiteSpace(options.ClientCa))
        {
            try
            {
                verifier = new ClientCertificateVerifier(PemCertificateFiles.LoadBundle(options.ClientCa));
            }
            catch (CertificateFileException e)
            {
                throw new InvalidOperationException($"Acs:ClientCa (--client-ca): {e.Message}", e);
            }
        }
        return new TlsMaterial(certificate, intermediates, verifier);
    }

    /// <summary>The certificate context SslStream sends: the server certificate and its intermediates, built offline.</summary>
    public SslStreamCertificateContext CreateContext() => SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true);
}
