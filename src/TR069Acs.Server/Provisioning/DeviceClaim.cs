using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// Who a phone that the ACS does not know yet says it is: its MAC (from the file name, the <c>mac</c> query parameter or
/// a User-Agent token), serial number (the other User-Agent token) and model (the User-Agent's product, which must be a
/// catalogue model). Enough to pre-register it under the id its first Inform will produce.
/// </summary>
/// <param name="Mac">12 lower-case hex digits, or null.</param>
/// <param name="Serial">The serial number, or null.</param>
/// <param name="Model">The catalogue model name, or null.</param>
internal sealed record DeviceClaim(string? Mac, string? Serial, string? Model)
{
    /// <summary>True when the claim is enough for pre-registration.</summary>
    public bool IsComplete => Mac is not null && Serial is not null && Model is not null;

    /// <summary>What is missing, for a message: e.g. "a MAC (in the file name, the mac parameter or the User-Agent)".</summary>
    public string Missing => string.Join(", ", new[]
    {
        Mac is null ? "a MAC (in the file name, the mac parameter or the User-Agent)" : null,
        Serial is null ? "a serial number (in the User-Agent, e.g. cisco/CP-8841-3PCC-12.0.1 (FCH2216ABCD))" : null,
        Model is null ? "a phone model of the catalogue (the User-Agent's product)" : null,
    }.Where(m => m is not null));

    /// <summary>Reads a claim from a MAC the request carries outside the User-Agent (<paramref name="mac"/>, normalised) and the User-Agent.</summary>
    public static DeviceClaim From(string? mac, CiscoUserAgent? agent, ParameterCatalogue catalogue)
    {
        string? serial = null;
        var tokens = agent?.Tokens ?? [];
        foreach (var token in tokens)
        {
            if (MacAddress.TryNormalize(token, out var tokenMac))
            {
                if (tokenMac == mac)
                {
                    continue;   // the MAC again
                }
                // Cisco-CP-8841-3PCC/12.0.1 (00562b04dd5b)(FCH2216ABCD): with two tokens the hex one is the MAC; a lone
                // 12-hex-digit token may just as well be a serial.
                if (mac is null && tokens.Count > 1)
                {
                    mac = tokenMac;
                    continue;
                }
            }
            serial ??= token;
        }
        var model = agent?.Product is { } product && catalogue.TryGetModel(product, out var known) ? known.Name : null;
        return new DeviceClaim(mac, serial, model);
    }
}
