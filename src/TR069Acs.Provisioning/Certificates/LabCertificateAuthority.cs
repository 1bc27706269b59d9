using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TR069Acs.Provisioning.Certificates;

/// <summary>
/// A certificate authority for labs and tests (<c>acs certs</c>): issues the provisioning server's certificate and
/// phone client certificates in the Cisco subject layout (<see cref="DeviceCertificateSubject"/>). Production keeps its
/// own CA (the guides: Cisco signs both); this one exists so a lab can run the whole HTTPS flow without it.
/// </summary>
/// <remarks>Certificates are X.509 v3 with the extensions OpenSSL and .NET check: basic constraints (CA: critical,
/// path length 0), key usage, extended key usage (serverAuth / clientAuth), subject and authority key identifiers,
/// and subject alternative names for servers. Validity starts five minutes early to absorb clock skew.</remarks>
public sealed class LabCertificateAuthority : IDisposable
{
    private static readonly TimeSpan _skew = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time;

    private LabCertificateAuthority(X509Certificate2 certificate, TimeProvider? time)
    {
        Certificate = certificate;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a self-signed CA.</summary>
    /// <param name="subject">Distinguished name, e.g. <c>CN=TR069Acs Lab CA</c>.</param>
    /// <param name="days">Validity in days.</param>
    /// <param name="algorithm">Key pair type.</param>
    /// <param name="time">Clock (tests); the system clock when null.</param>
    /// <exception cref="ArgumentException">A malformed subject or non-positive validity.</exception>
    public static LabCertificateAuthority Create(string subject = "CN=TR069Acs Lab CA", int days = 3650,
        LabKeyAlgorithm algorithm = LabKeyAlgorithm.EcdsaP256, TimeProvider? time = null)
    {
        var name = ParseSubject(subject);
        CheckDays(days);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = NewKey(algorithm);
        var request = Request(name, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        return new LabCertificateAuthority(request.CreateSelfSigned(now - _skew, now.AddDays(days)), time);
    }

    /// <summary>A CA from its PEM certificate and key (<c>acs certs server --ca-cert ca.pem --ca-key ca.key</c>).</summary>
    /// <exception cref="CertificateFileException">A file is unusable, or the certificate is no CA.</exception>
    public static LabCertificateAuthority Load(string certificatePath, string keyPath, TimeProvider? time = null)
    {
        var certificate = PemCertificateFiles.LoadWithKey(certificatePath, keyPath);
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new CertificateFileException(certificatePath, $"'{certificatePath}' ({subject}) is not a CA certificate (basic constraints CA:TRUE).");
        }
        return new LabCertificateAuthority(certificate, time);
    }

    /// <summary>A TLS server certificate for <paramref name="hosts"/>: DNS names and IP addresses, all in the subject
    /// alternative name; the first is also the CN (the guides' phones read the host from the CN).</summary>
    /// <exception cref="ArgumentException">No host, or a malformed one.</exception>
    public X509Certificate2 IssueServer(IReadOnlyList<string> hosts, int days = 825, LabKeyAlgorithm algorithm = LabKeyAlgorithm.EcdsaP256)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0)
        {
            throw new ArgumentException("A server certificate needs at least one host name or IP address.", nameof(hosts));
        }
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                san.AddIpAddress(ip);
            }
            else if (Uri.CheckHostName(host) == UriHostNameType.Dns)
            {
                san.AddDnsName(host);
            }
            else
            {
                throw new ArgumentException($"'{host}' is neither a DNS name nor an IP address.", nameof(hosts));
            }
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hosts[0]);
        return Issue(subject.Build(), days, algorithm, X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.1", san.Build());
    }

    /// <summary>A phone client certificate: <c>OU=model, L=serial, S=mac</c> (see <see cref="DeviceCertificateSubject"/>).</summary>
    /// <param name="model">Product name, e.g. <c>CP-8841-3PCC</c>.</param>
    /// <param name="serial">Serial number, e.g. <c>FCH2216ABCD</c>.</param>
    /// <param name="mac">MAC address, 12 hex digits with or without ':'/'-' separators.</param>
    /// <param name="days">Validity in days.</param>
    /// <param name="algorithm">Key pair type.</param>
    /// <param name="commonName">CN; default <c>SEP</c> and the MAC, as Cisco names phones.</param>
    /// <exception cref="ArgumentException">An empty model or serial, or a malformed MAC.</exception>
    public X509Certificate2 IssueDevice(string model, string serial, string mac, int days = 3650,
        LabKeyAlgorithm algorithm = LabKeyAlgorithm.EcdsaP256, string? commonName = null)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("The model (OU) must not be empty.", nameof(model));
        }
        if (string.IsNullOrWhiteSpace(serial))
        {
            throw new ArgumentException("The serial number (L) must not be empty.", nameof(serial));
        }
        var digits = mac.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 12 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{mac}' is not a MAC address of 12 hex digits.", nameof(mac));
        }
        return IssueClient(DeviceCertificateSubject.ForDevice(model.Trim(), serial.Trim(), digits, commonName), days, algorithm);
    }

    /// <summary>A generic client certificate (<c>OU=cisco.com, L=ciscogeneric, S=ciscogeneric</c>): what units made
    /// without an individual certificate present. It authenticates the unit as a phone but names no device.</summary>
    public X509Certificate2 IssueGenericDevice(int days = 3650, LabKeyAlgorithm algorithm = LabKeyAlgorithm.EcdsaP256)
        => IssueClient(DeviceCertificateSubject.Generic, days, algorithm);

    /// <summary>A client certificate with an arbitrary subject.</summary>
    public X509Certificate2 IssueClient(DeviceCertificateSubject subject, int days = 3650, LabKeyAlgorithm algorithm = LabKeyAlgorithm.EcdsaP256)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return Issue(subject.ToDistinguishedName(), days, algorithm, X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.2", null);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(X500DistinguishedName subject, int days, LabKeyAlgorithm algorithm, X509KeyUsageFlags usage,
        string extendedUsage, X509Extension? alternativeNames)
    {
        CheckDays(days);
        var now = _time.GetUtcNow();
        var notAfter = now.AddDays(days);
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;   // RFC 5280 6.1.3: a certificate outliving its issuer fails validation then
        }
        using var key = NewKey(algorithm);
        var request = Request(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // RSA key exchange (the older phones' TLS_RSA_* suites) needs keyEncipherment too.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            usage | (algorithm == LabKeyAlgorithm.Rsa2048 ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None), true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;   // RFC 5280 4.1.2.2: a positive serial number
        using var signed = Certificate.GetECDsaPrivateKey() is { } ecdsa
            ? request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ecdsa), now - _skew, notAfter, serial)
            : request.Create(Certificate.SubjectName,
                X509SignatureGenerator.CreateForRSA(Certificate.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1), now - _skew, notAfter, serial);
        return key switch
        {
            ECDsa e => signed.CopyWithPrivateKey(e),
            RSA r => signed.CopyWithPrivateKey(r),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    private static AsymmetricAlgorithm NewKey(LabKeyAlgorithm algorithm) => algorithm switch
    {
        LabKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        LabKeyAlgorithm.Rsa2048 => RSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    private static CertificateRequest Request(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        ECDsa e => new CertificateRequest(subject, e, HashAlgorithmName.SHA256),
        RSA r => new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new InvalidOperationException("unreachable"),
    };

    private static X500DistinguishedName ParseSubject(string subject)
    {
        try
        {
            var name = new X500DistinguishedName(subject);
            return name.RawData.Length > 2 ? name : throw new ArgumentException($"The subject '{subject}' is empty.", nameof(subject));
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"'{subject}' is not a distinguished name such as 'CN=Lab CA, O=Example'.", nameof(subject), e);
        }
    }

    private static void CheckDays(int days)
    {
        if (days <= 0)
        {
            throw new ArgumentException($"The validity must be at least 1 day, not {days}.", nameof(days));
        }
    }
}
