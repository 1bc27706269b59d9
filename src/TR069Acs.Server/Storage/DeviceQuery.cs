namespace TR069Acs.Server.Storage;

/// <summary>Filters and paging of the device list; <c>ScopeTags</c> (an operator's scope) keeps devices carrying one of them. Paging is by offset, or by cursor (the last id of the previous page).</summary>
internal sealed record DeviceQuery(
    string? ProductClass = null,
    string? SoftwareVersion = null,
    string? SerialPrefix = null,
    int Limit = 100,
    int Offset = 0,
    string? After = null,
    IReadOnlyList<string>? ScopeTags = null);
