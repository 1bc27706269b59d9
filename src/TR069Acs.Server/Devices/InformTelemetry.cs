using TR069Acs.Cwmp;

namespace TR069Acs.Server.Devices;

/// <summary>Work for the write-behind queue.</summary>
internal abstract class TelemetryItem;

/// <summary>What one Inform records about a device; written behind by <see cref="TelemetryWriter"/>.</summary>
internal sealed class InformTelemetry : TelemetryItem
{
    public required string DeviceId { get; init; }
    public required DeviceId Identity { get; init; }
    public string? SoftwareVersion { get; init; }
    public string? HardwareVersion { get; init; }
    public string? MacAddress { get; init; }
    public string? ConnectionRequestUrl { get; init; }
    public string? RemoteAddress { get; init; }
    public required string CwmpVersion { get; init; }
    public required string EventsJson { get; init; }
    public required long Time { get; init; }

    /// <summary>Only the parameters whose name, value or type changed since this node last wrote the device.</summary>
    public required IReadOnlyList<ParameterValue> ChangedParameters { get; init; }
}

/// <summary>Completes once everything queued before it is committed.</summary>
internal sealed class TelemetryFlush : TelemetryItem
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
