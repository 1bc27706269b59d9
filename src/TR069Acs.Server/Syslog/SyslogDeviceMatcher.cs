using System.Net;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// Attaches a batch of messages to devices with three queries whatever the batch size: the MACs and serial numbers
/// the messages name (<see cref="DeviceClues"/>, first clue that resolves wins), else the sender's address when it
/// is the last Inform or profile-fetch address of exactly one device (phones behind one NAT share an address, and a
/// message is better unattached than attached to the wrong phone).
/// </summary>
internal sealed class SyslogDeviceMatcher(AcsDatabase database)
{
    // Well below SQLite's host-parameter limit; a batch rarely needs more than one chunk.
    private const int ChunkSize = 500;

    public async Task<DeviceMatch[]> MatchAsync(IReadOnlyList<ReceivedSyslogMessage> batch, CancellationToken cancellationToken)
    {
        var clues = new List<DeviceClue>[batch.Count];
        var macs = new HashSet<string>(StringComparer.Ordinal);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            clues[i] = DeviceClues.Of(batch[i]);
            foreach (var clue in clues[i])
            {
                (clue.IsMac ? macs : serials).Add(clue.Value);
            }
            foreach (var address in AddressForms(batch[i].Remote.Address))
            {
                addresses.Add(address);
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        // The MAC expression is the one of ix_devices_mac_normalized (migration 002); the newest device wins a shared MAC.
        var byMac = await LookupAsync(connection, macs, """
            SELECT lower(replace(replace(mac_address, ':', ''), '-', '')) AS Item1, id AS Item2 FROM devices
            WHERE lower(replace(replace(mac_address, ':', ''), '-', '')) IN @Values ORDER BY last_inform
            """, unique: false, cancellationToken);
        var bySerial = await LookupAsync(connection, serials,
            "SELECT serial_number AS Item1, id AS Item2 FROM devices WHERE serial_number IN @Values", unique: true, cancellationToken);
        var byAddress = await LookupAsync(connection, addresses, """
            SELECT remote_address AS Item1, id AS Item2 FROM devices WHERE remote_address IN @Values
            UNION SELECT remote_address, device_id FROM profile_fetches WHERE remote_address IN @Values
            """, unique: true, cancellationToken);

        var matches = new DeviceMatch[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            matches[i] = Resolve(clues[i], batch[i].Remote.Address, byMac, bySerial, byAddress);
        }
        return matches;
    }

    private static DeviceMatch Resolve(List<DeviceClue> clues, IPAddress remote, Dictionary<string, string?> byMac,
        Dictionary<string, string?> bySerial, Dictionary<string, string?> byAddress)
    {
        foreach (var clue in clues)
        {
            if (clue.IsMac && byMac.GetValueOrDefault(clue.Value) is { } byItsMac)
            {
                return new DeviceMatch(byItsMac, "mac");
            }
            if (!clue.IsMac && bySerial.GetValueOrDefault(clue.Value) is { } byItsSerial)
            {
                return new DeviceMatch(byItsSerial, "serial");
            }
        }
        string? found = null;
        foreach (var address in AddressForms(remote))
        {
            if (!byAddress.TryGetValue(address, out var device))
            {
                continue;
            }
            if (device is null || (found is not null && found != device))
            {
                return DeviceMatch.None;
            }
            found = device;
        }
        return found is null ? DeviceMatch.None : new DeviceMatch(found, "address");
    }

    /// <summary>Value → device id; with <paramref name="unique"/>, a value shared by several devices maps to null (ambiguous).</summary>
    private static async Task<Dictionary<string, string?>> LookupAsync(System.Data.Common.DbConnection connection, HashSet<string> values,
        string sql, bool unique, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in values.Chunk(ChunkSize))
        {
            var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(sql, new { Values = chunk }, cancellationToken: cancellationToken));
            foreach (var (value, device) in rows)
            {
                result[value] = unique && result.TryGetValue(value, out var seen) && seen != device ? null : device;
            }
        }
        return result;
    }

    // The Inform records the address as Kestrel saw it: an IPv4 client of a dual-mode socket may appear either way.
    private static IEnumerable<string> AddressForms(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            yield return address.MapToIPv4().ToString();
            yield return address.ToString();
        }
        else if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield return address.ToString();
            yield return address.MapToIPv6().ToString();
        }
        else
        {
            yield return address.ToString();
        }
    }
}
