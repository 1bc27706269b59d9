using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api.Models;

/// <summary>A stored parameter (or object, when the name ends in "."); password values are masked. FlatName is the
/// phone's flat parameter behind the TR-069 path, for the Cisco models of the catalogue.</summary>
internal sealed record StoredParameter(
    string Name,
    string? Value,
    string? Type,
    bool? Writable,
    int? Notification,
    IReadOnlyList<string>? AccessList,
    DateTimeOffset Updated,
    string? FlatName)
{
    public static StoredParameter From(ParameterRow p, string? flatName) => new(p.Name, Secrets.MaskIfSecret(p.Name, p.Value), p.Type,
        p.Writable is null ? null : p.Writable != 0,
        p.Notification is null ? null : (int)p.Notification,
        p.AccessList is null ? null : p.AccessList.Length == 0 ? [] : p.AccessList.Split(','),
        ApiTime.From(p.Updated),
        flatName);
}
