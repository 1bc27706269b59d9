using System.Globalization;

namespace TR069Acs.Agent.Fleet;

/// <summary>The hardware identity of one phone of a fleet.</summary>
/// <param name="Mac">12 upper-case hex digits.</param>
/// <param name="Serial">The serial number.</param>
internal sealed record PhoneIdentity(string Mac, string Serial)
{
    /// <summary>The manufacturer OUI: the first six hex digits of the MAC.</summary>
    public string Oui => Mac[..6];

    /// <summary>The MAC as TR-106 writes it: <c>00:23:EB:00:00:01</c>.</summary>
    public string MacWithColons { get; } = string.Join(':', Enumerable.Range(0, 6).Select(i => Mac.Substring(i * 2, 2)));

    /// <summary>The identities of a fleet: the MAC is incremented per phone; the serial follows the MAC when not given
    /// (<c>FCH</c> + the last eight hex digits, as long as a Cisco serial), otherwise its trailing digits are incremented.</summary>
    /// <exception cref="ArgumentException">The MAC is not 12 hex digits, the fleet would run past FF:FF:FF:FF:FF:FF, or a
    /// given serial is empty.</exception>
    public static IReadOnlyList<PhoneIdentity> Generate(string mac, string? serial, int count)
    {
        var first = ParseMac(mac);
        if (count < 1)
        {
            throw new ArgumentException($"The fleet size must be at least 1, not {count}.", nameof(count));
        }
        if (first + (ulong)(count - 1) > 0xFFFF_FFFF_FFFFUL)
        {
            throw new ArgumentException($"{count} phones starting at MAC {mac} would run past FFFFFFFFFFFF.", nameof(count));
        }
        if (serial is not null && string.IsNullOrWhiteSpace(serial))
        {
            throw new ArgumentException("The serial number must not be empty.", nameof(serial));
        }
        var identities = new PhoneIdentity[count];
        for (var i = 0; i < count; i++)
        {
            var value = first + (ulong)i;
            var hex = value.ToString("X12", CultureInfo.InvariantCulture);
            identities[i] = new PhoneIdentity(hex, serial is null ? "FCH" + hex[4..] : IncrementSerial(serial.Trim(), i));
        }
        return identities;
    }

    /// <summary>Parses 12 hex digits, with or without ':' / '-' separators.</summary>
    public static ulong ParseMac(string mac)
    {
        var digits = mac.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 12 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"MAC address '{mac}' is not 12 hex digits.", nameof(mac));
        }
        return value;
    }

    /// <summary>Adds <paramref name="offset"/> to the trailing decimal digits of <paramref name="serial"/>, keeping their
    /// width (<c>FCH2001A0A1</c> + 1 = <c>FCH2001A0A2</c>); a serial without trailing digits gets a <c>-n</c> suffix.</summary>
    public static string IncrementSerial(string serial, int offset)
    {
        if (offset == 0)
        {
            return serial;
        }
        var start = serial.Length;
        while (start > 0 && char.IsAsciiDigit(serial[start - 1]))
        {
            start--;
        }
        if (start == serial.Length || serial.Length - start > 18)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{serial}-{offset}");
        }
        var digits = serial[start..];
        var number = ulong.Parse(digits, CultureInfo.InvariantCulture) + (ulong)offset;
        return serial[..start] + number.ToString(CultureInfo.InvariantCulture).PadLeft(digits.Length, '0');
    }
}
