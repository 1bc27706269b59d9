using System.Globalization;

namespace TR069Acs.Server.Campaigns;

/// <summary>The CommandKey of a campaign's Download: <c>campaign:{campaignId}:{seq}:{attempt}</c>, where seq is the
/// device's position in the campaign. TR-069 A.3.2.8 limits a CommandKey to 32 characters, which a device id
/// (OUI-ProductClass-SerialNumber) alone can exceed, so the device is named by its position.</summary>
internal static class CommandKeys
{
    private const string Prefix = "campaign:";

    public static string Format(long campaignId, long seq, int attempt)
        => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{campaignId}:{seq}:{attempt}");

    /// <summary>Reads a campaign CommandKey; false for every other key (tasks of operators, other campaigns' formats).</summary>
    public static bool TryParse(string? key, out long campaignId, out long seq, out int attempt)
    {
        campaignId = seq = attempt = 0;
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = key[Prefix.Length..].Split(':');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out campaignId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out attempt);
    }
}
