using System.Text;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Fleet;

/// <summary>The ACS's id of a device, computed by the same rule as the ACS: <c>OUI-ProductClass-SerialNumber</c>
/// (<c>OUI-SerialNumber</c> without a ProductClass), each part with characters outside <c>[A-Za-z0-9-_.]</c>
/// written as <c>%XX</c> per UTF-8 byte.</summary>
internal static class DeviceIds
{
    public static string Create(DeviceId id)
    {
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
        foreach (var rune in part.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_' or '.'))
            {
                sb.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
