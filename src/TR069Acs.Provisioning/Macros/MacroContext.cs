using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Macros;

/// <summary>
/// The macro values of one phone: identity (MAC, serial, model, versions) and flat parameters from its
/// <see cref="FlatValues"/>, plus the request-scoped values (<c>$SCHEME</c>, <c>$SERVIP</c>, <c>$PORT</c>,
/// <c>$PATH</c>, <c>$ERR</c>) the resync engine sets around each transfer. Mutable; one owner per phone.
/// </summary>
public sealed class MacroContext : IMacroContext
{
    private string _mac = "000000000000";
    private Dictionary<string, string>? _extra;

    /// <summary>Creates a context reading flat parameters (GPP_*, User_ID_n_ …) from <paramref name="values"/>.</summary>
    public MacroContext(FlatValues? values = null) => Values = values;

    /// <summary>The phone's flat values, the source of <c>$A</c>–<c>$P</c>, <c>$SA</c>–<c>$SD</c>, <c>$UIDn</c>, <c>$(NAME)</c>.</summary>
    public FlatValues? Values { get; set; }

    /// <summary>The MAC address; any of <c>000e08abcdef</c>, <c>00:0E:08:AB:CD:EF</c>, <c>00-0e-…</c> is accepted.</summary>
    public string Mac
    {
        get => _mac;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var hex = value.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (hex.Length != 12 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new ArgumentException($"'{value}' is not a MAC address (12 hex digits)", nameof(value));
            }

            _mac = hex.ToLowerInvariant();
        }
    }

    /// <summary><c>$SN</c>.</summary>
    public string SerialNumber { get; set; } = "";

    /// <summary><c>$PN</c>.</summary>
    public string ProductName { get; set; } = "";

    /// <summary><c>$PSN</c>.</summary>
    public string ProductSeries { get; set; } = "";

    /// <summary><c>$SWVER</c>.</summary>
    public string SoftwareVersion { get; set; } = "";

    /// <summary><c>$HWVER</c>.</summary>
    public string HardwareVersion { get; set; } = "";

    /// <summary><c>$CCERT</c>: <c>Installed</c> when true, else <c>Not Installed</c>.</summary>
    public bool ClientCertificateInstalled { get; set; }

    /// <summary><c>$IP</c>.</summary>
    public string? Ip { get; set; }

    /// <summary><c>$EXTIP</c>.</summary>
    public string? ExternalIp { get; set; }

    /// <summary><c>$SCHEME</c> of the current request (lower case).</summary>
    public string? Scheme { get; set; }

    /// <summary><c>$METH</c> of the current request.</summary>
    public string? Method { get; set; }

    /// <summary><c>$SERV</c>: host name of the current request.</summary>
    public string? Server { get; set; }

    /// <summary><c>$SERVIP</c>: address of the current request's server.</summary>
    public string? ServerIp { get; set; }

    /// <summary><c>$PORT</c> of the current request.</summary>
    public int? Port { get; set; }

    /// <summary><c>$PATH</c> of the current request.</summary>
    public string? Path { get; set; }

    /// <summary><c>$ERR</c>: the result message of the current resync or upgrade.</summary>
    public string? Error { get; set; }

    /// <summary><c>$UPGERR</c>: the result message of the previous upgrade.</summary>
    public string? UpgradeError { get; set; }

    /// <summary><c>$PRVTMR</c>: seconds since the last resync attempt.</summary>
    public long? ProvisioningTimerSeconds { get; set; }

    /// <summary><c>$UPGTMR</c>: seconds since the last upgrade attempt.</summary>
    public long? UpgradeTimerSeconds { get; set; }

    /// <summary><c>$PRVST</c>.</summary>
    public int? ProvisioningState { get; set; }

    /// <summary><c>$UPGST</c>.</summary>
    public int? UpgradeState { get; set; }

    /// <summary>Creates a context for a phone of <paramref name="model"/>, filling the identity macros.</summary>
    public static MacroContext ForPhone(PhoneModel model, FlatValues? values, string mac, string serialNumber, string? softwareVersion = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new MacroContext(values)
        {
            Mac = mac,
            SerialNumber = serialNumber,
            ProductName = model.Name,
            ProductSeries = model.ProductSeries,
            SoftwareVersion = softwareVersion ?? model.SoftwareVersion,
            HardwareVersion = model.HardwareVersion,
        };
    }

    /// <summary>Sets the request-scoped macros for a transfer to <paramref name="server"/>.</summary>
    public void SetRequest(string scheme, string server, string serverIp, int port, string path, string method = "GET")
    {
        Scheme = scheme;
        Server = server;
        ServerIp = serverIp;
        Port = port;
        Path = path;
        Method = method;
        Error = null;
    }

    /// <summary>Clears the request-scoped macros.</summary>
    public void ClearRequest()
    {
        Scheme = Server = ServerIp = Path = Method = Error = null;
        Port = null;
    }

    /// <summary>Sets or overrides any macro (<c>REGTMR1</c>, or a built-in for tests); null removes it.</summary>
    public void Set(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is null)
        {
            _extra?.Remove(name);
            return;
        }

        (_extra ??= new(StringComparer.Ordinal))[name] = value;
    }

    /// <inheritdoc />
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_extra is not null && _extra.TryGetValue(name, out value))
        {
            return true;
        }

        value = name switch
        {
            MacroNames.MacLower => _mac,
            MacroNames.MacUpper => _mac.ToUpperInvariant(),
            MacroNames.MacColons => string.Join(':', Enumerable.Range(0, 6).Select(i => _mac.Substring(i * 2, 2))),
            MacroNames.SerialNumber => SerialNumber,
            MacroNames.ProductName => ProductName,
            MacroNames.ProductSeries => ProductSeries,
            MacroNames.SoftwareVersion => SoftwareVersion,
            MacroNames.HardwareVersion => HardwareVersion,
            MacroNames.ClientCertificate => ClientCertificateInstalled ? "Installed" : "Not Installed",
            MacroNames.Ip => Ip,
            MacroNames.ExternalIp => ExternalIp,
            MacroNames.Scheme => Scheme,
            MacroNames.Method => Method,
            MacroNames.Server => Server,
            MacroNames.ServerIp => ServerIp,
            MacroNames.Port => Port?.ToString(CultureInfo.InvariantCulture),
            MacroNames.Path => Path,
            MacroNames.Error => Error,
            MacroNames.UpgradeError => UpgradeError,
            MacroNames.ProvisioningTimer => ProvisioningTimerSeconds?.ToString(CultureInfo.InvariantCulture),
            MacroNames.UpgradeTimer => UpgradeTimerSeconds?.ToString(CultureInfo.InvariantCulture),
            MacroNames.ProvisioningState => ProvisioningState?.ToString(CultureInfo.InvariantCulture),
            MacroNames.UpgradeState => UpgradeState?.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (value is not null)
        {
            return true;
        }

        if (Values is null)
        {
            return false;
        }

        var parameter = MacroNames.GeneralPurposeParameter(name)
            ?? (MacroNames.IsUserId(name) ? "User_ID_" + name[3..] + "_" : name);
        return Values.TryGetValue(parameter, out value);
    }
}
