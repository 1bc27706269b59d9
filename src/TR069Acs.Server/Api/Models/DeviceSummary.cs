using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api.Models;

/// <summary>A device in the list.</summary>
internal sealed record DeviceSummary(
    string Id,
    string Oui,
    string ProductClass,
    string SerialNumber,
    string? MacAddress,
    string? SoftwareVersion,
    DateTimeOffset? LastInform,
    IReadOnlyList<string> Tags)
{
    public static DeviceSummary From(DeviceRow d) => new(d.Id, d.Oui, d.ProductClass, d.SerialNumber, d.MacAddress, d.SoftwareVersion,
        ApiTime.IfHappened(d.LastInform), []);
}
