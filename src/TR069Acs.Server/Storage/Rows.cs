namespace TR069Acs.Server.Storage;

// Row shapes as Dapper reads them (snake_case columns to PascalCase properties). Times are Unix milliseconds;
// INTEGER flags are read as long and interpreted by the API layer.

/// <summary>A row of <c>devices</c>.</summary>
internal sealed class DeviceRow
{
    public string Id { get; init; } = "";
    public string Oui { get; init; } = "";
    public string ProductClass { get; init; } = "";
    public string SerialNumber { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string? SoftwareVersion { get; init; }
    public string? HardwareVersion { get; init; }
    public string? MacAddress { get; init; }
    public string? ConnectionRequestUrl { get; init; }
    public string? RemoteAddress { get; init; }
    public string? CwmpVersion { get; init; }
    public string? LastEvents { get; init; }
    public long FirstSeen { get; init; }
    public long LastInform { get; init; }
}

/// <summary>A row of <c>device_parameters</c>.</summary>
internal sealed class ParameterRow
{
    public string Name { get; init; } = "";
    public string? Value { get; set; }
    public string? Type { get; init; }
    public long? Writable { get; init; }
    public long? Notification { get; init; }
    public string? AccessList { get; init; }
    public long Updated { get; init; }
}

/// <summary>A row of <c>tasks</c>.</summary>
internal sealed class TaskRow
{
    public long Id { get; init; }
    public string DeviceId { get; init; } = "";
    public string Type { get; init; } = "";
    public string Payload { get; set; } = "{}";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public long Created { get; init; }
    public long? Sent { get; init; }
    public long? Completed { get; init; }
    public long Expires { get; init; }
    public string? CommandKey { get; init; }
    public long AwaitingTransfer { get; init; }
    public string? Result { get; set; }
    public int? FaultCode { get; init; }
    public string? FaultMessage { get; init; }
    public string? LastError { get; init; }
    public string? ConnectionRequest { get; init; }
}

/// <summary>A row of <c>faults</c>.</summary>
internal sealed class FaultRow
{
    public long Id { get; init; }
    public string DeviceId { get; init; } = "";
    public long? TaskId { get; init; }
    public int? Code { get; init; }
    public string Message { get; init; } = "";
    public string? Detail { get; init; }
    public long Created { get; init; }
}
