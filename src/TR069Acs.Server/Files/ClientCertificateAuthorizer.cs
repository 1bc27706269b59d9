using Microsoft.Extensions.Logging;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// Who a verified device certificate is, and whether it may have the profile asked for. The guides: with client
/// authentication on, "only a phone with a MAC address that matches a valid client certificate can request the
/// profile". The certificate's MAC (S) is its identity; a certificate without one is identified by its serial (L).
/// It may fetch its own device's profile, under a MAC name or any other name, and nothing that another device's MAC or
/// User-Agent names. Generic certificates never reach here: they name no device.
/// </summary>
internal sealed partial class ClientCertificateAuthorizer(DeviceDirectory directory, ILogger<ClientCertificateAuthorizer> logger)
{
    /// <summary>The certificate's device (null when it is not known yet), or a refusal.</summary>
    /// <param name="certificate">A certificate that <see cref="ClientCertificateIdentity.NamesDevice"/>.</param>
    /// <param name="request">The request.</param>
    /// <param name="userAgentDevice">The device the User-Agent names, when the file name names none.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<CertificateDecision> AuthorizeAsync(ClientCertificateIdentity certificate, ProfileRequest request,
        DeviceRow? userAgentDevice, CancellationToken cancellationToken)
    {
        var device = certificate.Mac is { } mac
            ? await directory.FindByMacAsync(mac, cancellationToken)
            : await directory.FindBySerialAsync(certificate.Serial!, certificate.Subject.Product, cancellationToken);

        string? other = null;
        if (request.Name.Mac is { } asked)
        {
            if (certificate.Mac is not null)
            {
                other = asked == certificate.Mac ? null : $"MAC {asked}";
            }
            else if (await directory.FindByMacAsync(asked, cancellationToken) is { } owner
                && !owner.SerialNumber.Equals(certificate.Serial, StringComparison.OrdinalIgnoreCase))
            {
                other = $"MAC {asked} (device {owner.Id})";
            }
        }
        else if (userAgentDevice is not null && userAgentDevice.Id != device?.Id)
        {
            other = $"device {userAgentDevice.Id}, named by the User-Agent";
        }
        if (other is null)
        {
            return new CertificateDecision(device, null);
        }
        Log.Forbidden(logger, certificate.SubjectText, request.Name.Name, other, request.Remote);
        return new CertificateDecision(device,
            $"Forbidden: the client certificate of {certificate.Describe()} ({certificate.SubjectText}) may fetch only its own device's profile, not that of {other}.");
    }

    private static partial class Log
    {
        [LoggerMessage(73, LogLevel.Warning, "Client certificate {Subject} asked for {Name}, the profile of {Other}, from {Remote}: refused")]
        public static partial void Forbidden(ILogger logger, string subject, string name, string other, string? remote);
    }
}

/// <summary>The outcome of <see cref="ClientCertificateAuthorizer.AuthorizeAsync"/>: the certificate's device (null if not
/// known), and the refusal text when the request asks for another device's profile.</summary>
internal sealed record CertificateDecision(DeviceRow? Device, string? Refusal);
