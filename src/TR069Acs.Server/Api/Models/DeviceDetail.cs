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

    public static DeviceDetail From(DeviceRow d) => new(d.Id, d.Oui, d.ProductClass, d.SerialNumber, d.Manufacturer, d.MacAddress,
        d.SoftwareVersion, d.HardwareVersion, ApiTime.IfHappened(d.LastInform), ApiTime.From(d.FirstSeen), Events(d.LastEvents),
        d.RemoteAddress, d.ConnectionRequestUrl, d.CwmpVersion, []);

    private static IReadOnlyList<EventInfo> Events(string? json)
        => json is null ? [] : JsonSerializer.Deserialize<List<EventInfo>>(json, JsonSerializerOptions.Web) ?? [];
}

/// <summary>An Inform event: code (e.g. <c>1 BOOT</c>) and CommandKey.</summary>
internal sealed record EventInfo(string EventCode, string CommandKey);
