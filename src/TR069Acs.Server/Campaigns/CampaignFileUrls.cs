using TR069Acs.Server.Files;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Campaigns;

/// <summary>The URL a campaign's Download names: the image on the file server as the phones reach it —
/// <c>Acs:FilesPublicUrl</c> when set, else <c>http://{Acs:PublicHost or the listen address}:{FilesPort}/</c> (https and
/// the HTTPS port when plain HTTP is off) — followed
/// by <c>firmware/{sha256}</c>: exactly this image, even when another image shares its file name. (The file name, from
/// which a phone reads the version of a vendor load, travels as the Download's TargetFileName.)</summary>
internal sealed class CampaignFileUrls(AcsOptions options, AcsListeners listeners)
{
    public Uri BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.FilesPublicUrl))
            {
                var configured = options.FilesPublicUrl.Trim();
                return new Uri(configured.EndsWith('/') ? configured : configured + "/");
            }
            var host = string.IsNullOrWhiteSpace(options.PublicHost) ? listeners.UriHost : options.PublicHost.Trim();
            return listeners.HasPlainFiles || listeners.FilesTlsPort is not { } tlsPort
                ? new Uri($"http://{host}:{listeners.FilesPort}/")
                : new Uri($"https://{host}:{tlsPort}/");
        }
    }

    public string For(FirmwareRecord image) => new Uri(BaseUrl, "firmware/" + image.Id).ToString();
}
