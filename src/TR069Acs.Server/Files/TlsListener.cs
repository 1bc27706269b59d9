using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Files;

/// <summary>Turns a Kestrel listener into an HTTPS one with the ACS's certificate and, when <c>Acs:ClientCa</c> is set,
/// client-certificate verification (the guides' Apache <c>SSLCACertificateFile</c> and <c>SSLVerifyClient</c>).</summary>
internal static partial class TlsListener
{
    /// <summary>Configures <paramref name="listen"/> for HTTPS.</summary>
    /// <param name="listen">The listener.</param>
    /// <param name="material">Certificate and client trust.</param>
    /// <param name="mode">How a missing client certificate is treated; ignored without a client CA.</param>
    /// <param name="logger">Where refused client certificates are reported.</param>
    public static void UseAcsHttps(this ListenOptions listen, TlsMaterial material, TlsClientCertificateMode mode, ILogger logger)
    {
        var verifier = material.ClientVerifier;
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = material.Certificate,
            ServerCertificateChain = material.Intermediates,
            // Revocation needs CRL/OCSP fetches the lab CA does not publish; the client CA is the whole trust decision.
            CheckCertificateRevocation = false,
            ClientCertificateMode = verifier is null ? ClientCertificateMode.NoCertificate
                : mode == TlsClientCertificateMode.Required ? ClientCertificateMode.RequireCertificate
                : ClientCertificateMode.AllowCertificate,
        };
        if (verifier is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(verifier.Authorities);
            // SslStream builds a chain before the callback: with this policy it, too, trusts only the client CA and
            // downloads nothing a hostile certificate's AIA extension points at.
            https.OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = policy.Clone();
            https.ClientCertificateValidation = (certificate, chain, _) =>
            {
                if (verifier.Verify(certificate, chain?.ChainPolicy.ExtraStore) is not { } problem)
                {
                    return true;
                }
                Log.ClientCertificateRefused(logger, listen.IPEndPoint?.Port ?? 0, problem);
                return false;
            };
        }
        listen.UseHttps(https);
    }

    private static partial class Log
    {
        [LoggerMessage(76, LogLevel.Warning, "TLS handshake on port {Port} refused: {Problem}")]
        public static partial void ClientCertificateRefused(ILogger logger, int port, string problem);
    }
}
