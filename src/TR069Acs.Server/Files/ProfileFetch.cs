namespace TR069Acs.Server.Files;

/// <summary>A device's last request to the profile server.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Fetched">When (Unix milliseconds).</param>
/// <param name="Method">GET, HEAD or POST (a POST resync carries the phone's status).</param>
/// <param name="FileName">The name asked for under <c>/cfg/</c>.</param>
/// <param name="RemoteAddress">The client address.</param>
/// <param name="UserAgent">The User-Agent header.</param>
/// <param name="SoftwareVersion">The firmware version the User-Agent names.</param>
/// <param name="StatusBody">The body of a POST resync, bounded.</param>
internal sealed record ProfileFetch(string DeviceId, long Fetched, string Method, string FileName, string? RemoteAddress,
    string? UserAgent, string? SoftwareVersion, string? StatusBody);
