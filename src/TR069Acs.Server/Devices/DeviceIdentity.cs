using System.Text;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Devices;

/// <summary>The ACS's device id: <c>OUI-ProductClass-SerialNumber</c> (TR-069 A.3.3.1 calls this triple globally
/// unique), or <c>OUI-SerialNumber</c> when the ProductClass is empty, as GenieACS does.</summary>
/// <remarks>Each part is made URL-safe: characters outside <c>[A-Za-z0-9-_.]</c> become <c>%XX</c> per UTF-8 byte,
/// so an id fits in an API path after the usual escaping of its <c>%</c>.</remarks>
internal static class DeviceIdentity
{
    public static string Create(DeviceId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sb = new StringBuilder(id.Oui.Length + id.ProductClass.Length + id.SerialNumber.Length + 2);
        Append(sb, id.Oui);
        if (id.ProductClass.Length > 0)
        {
            sb.Append('-');
            Append(sb, id.ProductClass);
        }
        sb.Append('-');
        Append(sb, id.SerialNumber);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string part)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                sb.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1])
                ? Encoding.UTF8.GetBytes(part.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(part.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
