using System.Globalization;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.Flat;

/// <summary>The value conversions of the mapping (DESIGN §7) between a flat value and its TR-069 path.</summary>
internal static class FlatConversions
{
    /// <summary>The TR-069 value of a flat value.</summary>
    public static string ToTr069(Tr069Conversion conversion, string flat, int defaultPort) => conversion switch
    {
        Tr069Conversion.Boolean => IsYes(flat) ? "true" : "false",
        Tr069Conversion.EnabledDisabled => IsYes(flat) ? "Enabled" : "Disabled",
        Tr069Conversion.Host => flat.Length == 0 ? "" : HostPort.TryParse(flat, out var hp) ? hp.Value.Host : flat,
        Tr069Conversion.Port => (HostPort.TryParse(flat, out var hp) ? hp.Value.PortOr(defaultPort) : defaultPort).ToString(CultureInfo.InvariantCulture),
        _ => flat,
    };

    /// <summary>The flat value a TR-069 write stands for, given the current flat value (a host or a port replaces only
    /// its half of <c>host:port</c>); null with <paramref name="error"/> when the value cannot be converted.</summary>
    public static string? FromTr069(Tr069Conversion conversion, string value, string current, int defaultPort, out string? error)
    {
        error = null;
        switch (conversion)
        {
            case Tr069Conversion.Boolean:
                return value is "true" or "1" ? "Yes" : value is "false" or "0" ? "No" : Fail(out error, "expected true or false");
            case Tr069Conversion.EnabledDisabled:
                // TR-104 Line.{i}.Enable: Quiescent is not a Cisco state; the line is simply off.
                return value == "Enabled" ? "Yes" : value is "Disabled" or "Quiescent" ? "No" : Fail(out error, "expected Enabled or Disabled");
            case Tr069Conversion.Host:
            {
                int? port = HostPort.TryParse(current, out var hp) ? hp.Value.Port : null;
                return value.Length == 0 ? "" : new HostPort(value, port).ToString();
            }
            case Tr069Conversion.Port:
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    return Fail(out error, "expected a port 1-65535");
                }
                var host = HostPort.TryParse(current, out var hp) ? hp.Value.Host : "";
                if (host.Length == 0)
                {
                    return port == defaultPort ? current : Fail(out error, "set the server before its port");
                }
                // The default port is left implicit, as a profile writes it.
                return new HostPort(host, port == defaultPort ? null : port).ToString();
            }
            default:
                return value;
        }
    }

    private static bool IsYes(string flat) => flat.Equals("Yes", StringComparison.OrdinalIgnoreCase);

    private static string? Fail(out string? error, string reason)
    {
        error = reason;
        return null;
    }
}
