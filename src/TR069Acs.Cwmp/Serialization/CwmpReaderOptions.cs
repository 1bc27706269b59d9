namespace TR069Acs.Cwmp;

/// <summary>Limits applied while reading an envelope. Anything beyond them is refused, never buffered.</summary>
public sealed record CwmpReaderOptions
{
    /// <summary>The default: 1 MiB bodies, 64 levels, 200,000 elements.</summary>
    public static readonly CwmpReaderOptions Default = new();

    /// <summary>Largest body accepted, in bytes. 1 MiB holds a GetParameterValuesResponse of ~8,000 parameters.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Deepest element nesting accepted. Real envelopes nest about 8 deep.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most elements accepted in one envelope.</summary>
    public int MaxElements { get; init; } = 200_000;

    /// <summary>Longest OUI: TR-069 A.3.3.1 DeviceIdStruct, string(6).</summary>
    public int MaxOuiChars { get; init; } = 6;

    /// <summary>Longest Manufacturer, ProductClass and SerialNumber: TR-069 A.3.3.1 DeviceIdStruct, string(64).
    /// They make the device id, which is held in caches and shown in every listing.</summary>
    public int MaxDeviceIdFieldChars { get; init; } = 64;

    /// <summary>Longest parameter name: TR-106 3.1 (string(256) in TR-069's ParameterValueStruct).</summary>
    public int MaxParameterNameChars { get; init; } = 256;

    /// <summary>Longest parameter value, in characters. 16 KiB holds any real value (a PEM certificate chain is a
    /// few KiB); TR-069 leaves most strings unbounded, so this is configurable.</summary>
    public int MaxParameterValueChars { get; init; } = 16 * 1024;

    /// <summary>Most parameters in one Inform. A phone informs 10–50 (forced ones plus changed active-notification
    /// ones); 2,048 leaves room for a big gateway's value changes while refusing a flood of thousands.</summary>
    public int MaxInformParameters { get; init; } = 2_048;

    /// <summary>Most events in one Inform: TR-069 A.3.3.1, EventStruct[64].</summary>
    public int MaxInformEvents { get; init; } = 64;

    /// <summary>Longest EventCode: TR-069 A.3.3.1 EventStruct, string(64).</summary>
    public int MaxEventCodeChars { get; init; } = 64;

    /// <summary>Longest CommandKey (EventStruct, TransferComplete): TR-069 A.3.3.1/A.3.3.2, string(32).</summary>
    public int MaxCommandKeyChars { get; init; } = 32;
}
