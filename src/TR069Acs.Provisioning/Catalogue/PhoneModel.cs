namespace TR069Acs.Provisioning.Catalogue;

/// <summary>One row of <c>models.json</c>: a phone model the agent emulates and the ACS translates for.</summary>
public sealed class PhoneModel
{
    internal PhoneModel(
        string name,
        string productSeries,
        int lines,
        string manufacturer,
        string oui,
        string hardwareVersion,
        string softwareVersion,
        string firmwareFile,
        string? description,
        IReadOnlyDictionary<string, string> defaults)
    {
        Name = name;
        ProductSeries = productSeries;
        Lines = lines;
        Manufacturer = manufacturer;
        Oui = oui;
        HardwareVersion = hardwareVersion;
        SoftwareVersion = softwareVersion;
        FirmwareFile = firmwareFile;
        Description = description;
        Defaults = defaults;
    }

    /// <summary>The product name (<c>$PN</c>, TR-069 ProductClass): <c>CP-8841-3PCC</c>, <c>SPA504G</c>.</summary>
    public string Name { get; }

    /// <summary>The product series number (<c>$PSN</c>): <c>8841</c>, <c>504G</c>.</summary>
    public string ProductSeries { get; }

    /// <summary>Number of extensions (Ext 1 … Ext n): the range of n in <c>User_ID_n_</c>.</summary>
    public int Lines { get; }

    /// <summary>The manufacturer named in the User-Agent and DeviceInfo.</summary>
    public string Manufacturer { get; }

    /// <summary>Default OUI (six hex digits) for emulated devices.</summary>
    public string Oui { get; }

    /// <summary>The hardware version (<c>$HWVER</c>).</summary>
    public string HardwareVersion { get; }

    /// <summary>The factory software version (<c>$SWVER</c>), e.g. <c>sip88xx.11-0-1</c>.</summary>
    public string SoftwareVersion { get; }

    /// <summary>The firmware image file name pattern; <c>{v}</c> stands for the version with dashes.</summary>
    public string FirmwareFile { get; }

    /// <summary>A human description of the model.</summary>
    public string? Description { get; }

    /// <summary>Factory values that differ from the catalogue's defaults on this model.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; }

    /// <summary>The factory <c>Profile_Rule</c> of the model.</summary>
    public string DefaultProfileRule => Defaults.TryGetValue("Profile_Rule", out var rule) ? rule : "/$PSN.xml";

    /// <summary>The firmware file name for <paramref name="version"/> (<c>11.2.3</c> → <c>sip88xx.11-2-3.loads</c>).</summary>
    public string FirmwareFileName(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && char.IsAsciiLetter(version[0]))
        {
            version = version[(dot + 1)..]; // sip88xx.11-0-1 → 11-0-1
        }

        return FirmwareFile.Replace("{v}", version.Replace('.', '-'), StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
