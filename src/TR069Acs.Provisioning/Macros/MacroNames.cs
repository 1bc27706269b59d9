using System.Collections.Frozen;

namespace TR069Acs.Provisioning.Macros;

/// <summary>The built-in macro names (without <c>$</c>) of the provisioning guides (DESIGN §6).</summary>
public static class MacroNames
{
    /// <summary>MAC address, 12 lower-case hex digits (<c>000e08abcdef</c>).</summary>
    public const string MacLower = "MA";

    /// <summary>MAC address, 12 upper-case hex digits (<c>000E08ABCDEF</c>).</summary>
    public const string MacUpper = "MAU";

    /// <summary>MAC address, lower case with colons (<c>00:0e:08:ab:cd:ef</c>).</summary>
    public const string MacColons = "MAC";

    /// <summary>Serial number.</summary>
    public const string SerialNumber = "SN";

    /// <summary>Product name (<c>CP-8841-3PCC</c>).</summary>
    public const string ProductName = "PN";

    /// <summary>Product series number (<c>8841</c>, <c>504G</c>).</summary>
    public const string ProductSeries = "PSN";

    /// <summary>Client certificate status: <c>Installed</c> or <c>Not Installed</c>.</summary>
    public const string ClientCertificate = "CCERT";

    /// <summary>Scheme of the current request URL (<c>tftp</c>, <c>http</c>, <c>https</c>).</summary>
    public const string Scheme = "SCHEME";

    /// <summary>Request method (<c>GET</c>, <c>POST</c>).</summary>
    public const string Method = "METH";

    /// <summary>Server host name of the current request.</summary>
    public const string Server = "SERV";

    /// <summary>Server IP address of the current request (after DNS).</summary>
    public const string ServerIp = "SERVIP";

    /// <summary>Server port of the current request.</summary>
    public const string Port = "PORT";

    /// <summary>File path of the current request.</summary>
    public const string Path = "PATH";

    /// <summary>Result message of the current resync or upgrade.</summary>
    public const string Error = "ERR";

    /// <summary>Seconds since the last upgrade attempt.</summary>
    public const string UpgradeTimer = "UPGTMR";

    /// <summary>Seconds since the last resync attempt.</summary>
    public const string ProvisioningTimer = "PRVTMR";

    /// <summary>Upgrade state (1 first attempt, 2 retry after failure).</summary>
    public const string UpgradeState = "UPGST";

    /// <summary>Provisioning state (-1 explicit request, 0 power-up, 1 periodic, 2 retry after failure).</summary>
    public const string ProvisioningState = "PRVST";

    /// <summary>Result message of the previous upgrade attempt.</summary>
    public const string UpgradeError = "UPGERR";

    /// <summary>Software version.</summary>
    public const string SoftwareVersion = "SWVER";

    /// <summary>Hardware version.</summary>
    public const string HardwareVersion = "HWVER";

    /// <summary>The phone's IP address.</summary>
    public const string Ip = "IP";

    /// <summary>The phone's external IP address.</summary>
    public const string ExternalIp = "EXTIP";

    /// <summary>Prefix of <c>UID1</c>, <c>UID2</c> …: the User_ID of extension n.</summary>
    public const string UserIdPrefix = "UID";

    /// <summary>The general purpose registers: <c>A</c>–<c>P</c> are GPP_A–GPP_P, <c>SA</c>–<c>SD</c> are GPP_SA–GPP_SD.</summary>
    public static IReadOnlyList<string> GeneralPurpose { get; } =
        ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "SA", "SB", "SC", "SD"];

    /// <summary>Every fixed name (the <c>UIDn</c> family aside).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. GeneralPurpose, MacLower, MacUpper, MacColons, SerialNumber, ProductName, ProductSeries, ClientCertificate, Scheme,
        Method, Server, ServerIp, Port, Path, Error, UpgradeTimer, ProvisioningTimer, UpgradeState, ProvisioningState,
        UpgradeError, SoftwareVersion, HardwareVersion, Ip, ExternalIp,
    ];

    internal static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    internal static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static readonly int LongestName = All.Max(n => n.Length);

    /// <summary>The flat parameter behind a general purpose macro (<c>A</c> → <c>GPP_A</c>), or null.</summary>
    public static string? GeneralPurposeParameter(string name) =>
        name.Length is 1 or 2 && Known.Contains(name) && GeneralPurpose.Contains(name) ? "GPP_" + name : null;

    /// <summary>True for <c>UID</c> followed by an extension number.</summary>
    public static bool IsUserId(ReadOnlySpan<char> name) =>
        name.Length > 3 && name.StartsWith(UserIdPrefix, StringComparison.Ordinal) && name[3] != '0' && AllDigits(name[3..]);

    internal static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
