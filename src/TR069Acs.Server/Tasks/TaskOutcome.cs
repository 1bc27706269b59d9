using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>What the CPE's answer to a task means for the database: the task's new state and the stored data it
/// changes. Applied in one transaction by <see cref="TaskStore.CompleteAsync"/>.</summary>
internal sealed record TaskOutcome
{
    /// <summary><see cref="TaskStates.Done"/>, <see cref="TaskStates.Fault"/>, or <see cref="TaskStates.Sent"/> when a
    /// TransferComplete is still to come.</summary>
    public required string Status { get; init; }

    /// <summary>JSON result shown by the API, e.g. the parameter values returned.</summary>
    public string? ResultJson { get; init; }

    public int? FaultCode { get; init; }

    public string? FaultMessage { get; init; }

    /// <summary>JSON detail of the fault, e.g. the SetParameterValuesFault list.</summary>
    public string? FaultDetailJson { get; init; }

    /// <summary>Parameter values to store.</summary>
    public IReadOnlyList<ParameterValue> Values { get; init; } = [];

    /// <summary>Parameter names and writability to store.</summary>
    public IReadOnlyList<ParameterInfo> Names { get; init; } = [];

    /// <summary>Attributes to store.</summary>
    public IReadOnlyList<StoredAttribute> Attributes { get; init; } = [];

    /// <summary>An object instance removed from the stored tree (DeleteObject), e.g. <c>Device.X.2.</c>.</summary>
    public string? DeletedObject { get; init; }

    /// <summary>Connection Request credentials the ACS has just set on the device.</summary>
    public string? ConnectionRequestUsername { get; init; }

    public string? ConnectionRequestPassword { get; init; }

    /// <summary>A TransferComplete to record with the task.</summary>
    public TransferRecord? Transfer { get; init; }

    /// <summary>The task succeeded.</summary>
    public static TaskOutcome Done(string? resultJson = null) => new() { Status = TaskStates.Done, ResultJson = resultJson };

    /// <summary>The CPE answered with a fault (or the transfer failed).</summary>
    public static TaskOutcome Faulted(int? code, string message, string? detailJson = null)
        => new() { Status = TaskStates.Fault, FaultCode = code, FaultMessage = message, FaultDetailJson = detailJson };
}

/// <summary>A TransferComplete or AutonomousTransferComplete as received.</summary>
internal sealed record TransferRecord(
    string DeviceId, bool Autonomous, string? CommandKey, int FaultCode, string FaultString,
    DateTimeOffset? StartTime, DateTimeOffset? CompleteTime, string? DetailJson);
