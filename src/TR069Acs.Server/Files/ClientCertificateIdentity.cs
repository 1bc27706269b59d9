using System.Security.Cryptography.X509Certificates;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Files;

/// <summary>
/// The device a verified client certificate names (HTTPS file server): MAC from S, serial from L, product from OU
/// (the Cisco layout, <see cref="DeviceCertificateSubject"/>). A generic certificate names no device. Only certificates
/// the TLS listener has verified against <c>Acs:ClientCa</c> ever become an identity.
/// </summary>
/// <param name="Subject">The subject's attributes.</param>
/// <param name="Mac">S as a MAC (12 lower-case hex digits), or null when S is none.</param>
/// <param name="SubjectText">The subject as .NET prints it, for logs and refusals.</param>
internal sealed record ClientCertificateIdentity(DeviceCertificateSubject Subject, string? Mac, string SubjectText)
{
    /// <summary>The serial number (L), unless the certificate is generic.</summary>
    public string? Serial => Subject.IsGeneric || string.IsNullOrWhiteSpace(Subject.Serial) ? null : Subject.Serial.Trim();

    /// <summary>True when the certificate identifies one device (by MAC or serial); false for the generic certificate.</summary>
    public bool NamesDevice => !Subject.IsGeneric && (Mac is not null || Serial is not null);

    /// <summary>How refusals and logs name the certificate: its MAC, else its serial, else its subject.</summary>
    public string Describe() => Mac is not null ? $"MAC {Mac}" : Serial is not null ? $"serial {Serial}" : SubjectText;

    /// <summary>The identity of the connection's client certificate; null when there is none.</summary>
    public static ClientCertificateIdentity? From(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return null;
        }
        var subject = DeviceCertificateSubject.Parse(certificate.SubjectName);
        var mac = !subject.IsGeneric && MacAddress.TryNormalize(subject.Mac, out var normalized) ? normalized : null;
        return new ClientCertificateIdentity(subject, mac, certificate.Subject);
    }
}
