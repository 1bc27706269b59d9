using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Server.Files;

/// <summary>The trusted firmware keys of <c>Acs:Firmware:TrustedKeys</c>, read once at start.</summary>
internal sealed class FirmwareKeys : IDisposable
{
    public FirmwareKeys(AcsOptions options) => Trust = Load(options);

    /// <summary>The keys uploads must be signed with; null when the setting is unset (signatures are optional).</summary>
    public FirmwareTrust? Trust { get; }

    /// <summary>Reads the setting: a path to a PEM file, or PEM text.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or holds no usable public key (the message names the setting).</exception>
    public static FirmwareTrust? Load(AcsOptions options)
    {
        var setting = options.Firmware.TrustedKeys?.Trim();
        if (string.IsNullOrEmpty(setting))
        {
            return null;
        }
        string pem;
        if (setting.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            pem = setting;
        }
        else
        {
            try
            {
                pem = File.ReadAllText(Path.GetFullPath(setting));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new InvalidOperationException($"Acs:Firmware:TrustedKeys: cannot read '{setting}' ({e.Message}); give a PEM file of public keys or the PEM text.");
            }
        }
        try
        {
            return FirmwareTrust.FromPem(pem);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Acs:Firmware:TrustedKeys ('{(pem == setting ? "PEM text" : setting)}'): {e.Message}.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Trust?.Dispose();
}
