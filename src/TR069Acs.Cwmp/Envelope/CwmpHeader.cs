namespace TR069Acs.Cwmp;

/// <summary>The CWMP SOAP header elements (TR-069 A.3.1). All are optional.</summary>
/// <param name="Id">cwmp:ID; the responder echoes it. Written with mustUnderstand="1".</param>
/// <param name="HoldRequests">cwmp:HoldRequests (ACS to CPE only): true asks the CPE not to send requests.</param>
/// <param name="SessionTimeout">cwmp:SessionTimeout in seconds (CPE to ACS, CWMP 1.2+).</param>
/// <param name="SupportedCwmpVersions">cwmp:SupportedCWMPVersions, e.g. "1.0,1.1,1.2,1.3,1.4" (CWMP 1.4).</param>
/// <param name="UseCwmpVersion">cwmp:UseCWMPVersion, e.g. "1.4" (CWMP 1.4).</param>
public sealed record CwmpHeader(
    string? Id = null,
    bool? HoldRequests = null,
    int? SessionTimeout = null,
    string? SupportedCwmpVersions = null,
    string? UseCwmpVersion = null)
{
    /// <summary>A header carrying nothing.</summary>
    public static readonly CwmpHeader Empty = new();
}
