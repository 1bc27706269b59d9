using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>What a CWMP session's Inform says about the phone, for the reconciliation of its desired state: who it is,
/// the root it informs under, whether it (re)booted or was reset, and the parameters that changed since its last Inform.</summary>
internal sealed record PhoneSessionFacts(
    string DeviceId,
    TR069Acs.Cwmp.DeviceId Identity,
    Tr069Root Root,
    string? MacAddress,
    string? SoftwareVersion,
    bool Bootstrap,
    bool Boot,
    IReadOnlyList<ParameterValue> ChangedValues)
{
    /// <summary>The device as configuration needs it (id, model, identity for <c>device.*</c> template variables), without
    /// reading the database: a first Inform's device row may still be in the write-behind queue.</summary>
    public DeviceRow Device { get; } = new()
    {
        Id = DeviceId,
        Oui = Identity.Oui,
        ProductClass = Identity.ProductClass,
        SerialNumber = Identity.SerialNumber,
        Manufacturer = Identity.Manufacturer,
        SoftwareVersion = SoftwareVersion,
        MacAddress = MacAddress,
    };
}
