using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Files;

/// <summary>
/// The TFTP face of the file server, for in-house preprovisioning (DHCP option 66): a read request names a file as
/// the HTTP path under <c>/cfg/</c> would (<c>spa00562b04dd5b.cfg</c>, <c>CP-8841-3PCC.xml</c>, <c>….gz</c>),
/// and gets the same rendered, possibly encrypted profile. TFTP carries no User-Agent, so names must carry a MAC or a
/// model. An optional leading <c>cfg/</c> is accepted so one <c>Profile_Rule</c> path works over TFTP and HTTP.
/// </summary>
internal sealed class ProfileTftpSource(IServiceProvider services) : ITftpFileSource
{
    public async ValueTask<TftpFileResult> OpenAsync(string fileName, IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<FirmwareTftpSource>().TryOpenAsync(fileName, cancellationToken) is { } firmware)
        {
            return firmware;
        }
        var path = fileName.StartsWith("cfg/", StringComparison.OrdinalIgnoreCase) ? fileName[4..] : fileName;
        if (!ProfileRequestName.TryParse(path, out var name, out var error))
        {
            return TftpFileResult.AccessDenied(error);
        }
        // Resolved per request: ProfileServer is a singleton built after the TFTP server's hosted service is created.
        var profiles = services.GetRequiredService<ProfileServer>();
        var profile = await profiles.ResolveAsync(new ProfileRequest(name, "TFTP", remote.Address.ToString(), Scheme: "tftp"), cancellationToken);
        return profile.Body is not null ? TftpFileResult.FromBytes(profile.Body)
            : profile.Status == Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden ? TftpFileResult.AccessDenied(profile.Refusal)
            : TftpFileResult.NotFound(profile.Refusal);
    }
}
