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

    /// <summary>What the record holds in memory, estimated: UTF-16 characters of every string plus a fixed cost per
    /// object. It bounds the write-behind queue (<c>Acs:TelemetryQueueBytes</c>).</summary>
    public long EstimatedBytes
    {
        get
        {
            if (_estimatedBytes < 0)
            {
                long chars = DeviceId.Length + Identity.Oui.Length + Identity.ProductClass.Length + Identity.SerialNumber.Length
                    + Identity.Manufacturer.Length + (SoftwareVersion?.Length ?? 0) + (HardwareVersion?.Length ?? 0)
                    + (MacAddress?.Length ?? 0) + (ConnectionRequestUrl?.Length ?? 0) + (RemoteAddress?.Length ?? 0)
                    + CwmpVersion.Length + EventsJson.Length;
                long objects = 16;
                foreach (var p in ChangedParameters)
                {
                    chars += p.Name.Length + p.Value.Length + p.Type.Length;
                    objects += 4;
                }
                _estimatedBytes = (chars * sizeof(char)) + (objects * ObjectOverhead);
            }
            return _estimatedBytes;
        }
    }

    // A .NET object header, method table pointer and length or reference: about 24 bytes on 64 bits.
    private const int ObjectOverhead = 24;

    private long _estimatedBytes = -1;
}

/// <summary>Completes once everything queued before it is committed.</summary>
internal sealed class TelemetryFlush : TelemetryItem
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
