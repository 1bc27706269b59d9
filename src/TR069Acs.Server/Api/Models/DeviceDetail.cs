using System.Text.Json;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api.Models;

/// <summary>One device with what its last Inform said.</summary>
internal sealed record DeviceDetail(
    string Id,
    string Oui,
    string ProductClass,
    string SerialNumber,
    string Manufacturer,
    string? MacAddress,
    string? SoftwareVersion,
    string? HardwareVersion,
    DateTimeOffset? LastInform,
    DateTimeOffset FirstSeen,
    IReadOnlyList<EventInfo> LastEvents,
    string? RemoteAddress,
    string? ConnectionRequestUrl,
    string? CwmpVersion,
    IReadOnlyList<string> Tags)
{
    /// <summary>The last resync and upgrade as the device's syslog reported them; null before its first message.</summary>
    public ProvisioningStatus? Provisioning { get; init; }

    /// <summary>Only in the answer to a pre-registration: the device's CWMP user name, and its password when the ACS generated
    /// it (shown this once; it is stored encrypted and never returned again).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public CwmpCredentialsBody? CwmpCredentials { get; init; }

    public static DeviceDetail From(DeviceRow d) => new(d.Id, d.Oui, d.ProductClass, d.SerialNumber, d.Manufacturer, d.MacAddress,
        d.SoftwareVersion, d.HardwareVersion, ApiTime.IfHappened(d.LastInform), ApiTime.From(d.FirstSeen), Events(d.LastEvents),
        d.RemoteAddress, d.ConnectionRequestUrl, d.CwmpVersion, []);

    private static IReadOnlyList<EventInfo> Events(string? json)
        => json is null ? [] : JsonSerializer.Deserialize<List<EventInfo>>(json, JsonSerializerOptions.Web) ?? [];
}

/// <summary>A device's CWMP credentials as shown once: at pre-registration or rotation.</summary>
/// <param name="Username">ManagementServer.Username.</param>
/// <param name="Password">ManagementServer.Password when the ACS generated it; null when the operator gave it.</param>
internal sealed record CwmpCredentialsBody(
    string Username,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Password);

/// <summary>An Inform event: code (e.g. <c>1 BOOT</c>) and CommandKey.</summary>
internal sealed record EventInfo(string EventCode, string CommandKey);
