using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TR069Acs.Provisioning.Certificates;

namespace TR069Acs.Agent.Transfers;

/// <summary>
/// The phone's side of HTTPS (the guides: each phone carries a client certificate and the root that signs the
/// provisioning servers): <see cref="PhoneOptions.ClientCertificateFile"/> is presented to every server that asks
/// (profile resyncs, firmware, file transfers, and CWMP over https), and <see cref="PhoneOptions.TrustedCaFile"/>, when
/// given, is the only trust anchor for server certificates; without it the operating system's store decides.
/// One certificate serves the whole fleet: a fleet of many phones uses a generic certificate, so that the User-Agent
/// serial identifies each of them.
/// </summary>
internal static class TlsClientSettings
{
    /// <summary>The TLS options of the fleet's HTTP handler; null when nothing TLS-specific is configured.</summary>
    /// <exception cref="ArgumentException">A file is unusable; the message names the option and the file.</exception>
    public static SslClientAuthenticationOptions? Create(PhoneOptions options)
    {
        if (options.ClientCertificateFile is null && options.ClientKeyFile is null && options.TrustedCaFile is null)
        {
            return null;
        }
        var ssl = new SslClientAuthenticationOptions();
        if (options.ClientCertificateFile is { } certificateFile)
        {
            var certificate = Load(() => PemCertificateFiles.LoadWithKey(certificateFile, options.ClientKeyFile), "--client-cert/--client-key");
            ssl.ClientCertificates = [certificate];
            // Sent whatever CA names the server lists, as the phones do: the server decides whether it trusts it.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }
        else if (options.ClientKeyFile is not null)
        {
            throw new ArgumentException("--client-key needs --client-cert: the key alone identifies nothing.", nameof(options));
        }
        if (options.TrustedCaFile is { } caFile)
        {
            var anchors = Load(() => PemCertificateFiles.LoadBundle(caFile), "--ca");
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(anchors);
            ssl.CertificateChainPolicy = policy;
        }
        return ssl;
    }

    private static T Load<T>(Func<T> load, string option)
    {
        try
        {
            return load();
        }
        catch (CertificateFileException e)
        {
            throw new ArgumentException($"{option}: {e.Message}", "options", e);
        }
    }
}
