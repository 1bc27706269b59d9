using TR069Acs.Server.Configuration;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>What the template variables of one served profile are filled from: the verified client certificate, the
/// request, and the device identified. Anything absent renders as the empty string.</summary>
internal sealed class ProfileTemplateContext(ProfileRequest? request, DeviceRow? device)
{
    /// <summary>The value of a variable <see cref="ProfileTemplate.IsKnown"/> accepts; null for any other name.</summary>
    public string? Resolve(string variable)
    {
        var dot = variable.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }
        var group = variable[..dot];
        var member = variable[(dot + 1)..];
        if (group.Equals("cert", StringComparison.OrdinalIgnoreCase))
        {
            return Certificate(member);
        }
        if (group.Equals("request", StringComparison.OrdinalIgnoreCase))
        {
            return member.ToUpperInvariant() switch
            {
                "REMOTE" => request?.Remote ?? "",
                "USERAGENT" => request?.UserAgent ?? "",
                "SCHEME" => request?.Scheme ?? "",
                "FILENAME" => request?.Name.Name ?? "",
                _ => null,
            };
        }
        if (group.Equals("device", StringComparison.OrdinalIgnoreCase))
        {
            return Device(member, device);
        }
        return null;
    }

    /// <summary>A <c>device.*</c> variable of <paramref name="device"/>; null for an unknown member.</summary>
    public static string? Device(string member, DeviceRow? device) => member.ToUpperInvariant() switch
    {
        "ID" => device?.Id ?? "",
        "SERIAL" => device?.SerialNumber ?? "",
        // $MA's spelling: 12 lower-case hex digits.
        "MAC" => MacAddress.TryNormalize(device?.MacAddress, out var mac) ? mac : "",
        "MODEL" => device?.ProductClass ?? "",
        "OUI" => device?.Oui ?? "",
        "SOFTWAREVERSION" => device?.SoftwareVersion ?? "",
        _ => null,
    };

    private string? Certificate(string member)
    {
        if (member.Equals("subject", StringComparison.OrdinalIgnoreCase))
        {
            return request?.Certificate?.SubjectText ?? "";
        }
        if (!ProfileTemplate.CertificateAttributes.Contains(member, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return request?.Certificate?.Subject[member] ?? "";
    }
}
