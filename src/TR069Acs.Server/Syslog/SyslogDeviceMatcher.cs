using System.Net;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// Attaches a batch of messages to devices with three queries whatever the batch size: the MACs and serial numbers
/// the messages name (<see cref="DeviceClues"/>, first clue that resolves wins), else the sender's address when it
/// is the last Inform or profile-fetch address of exactly one device (phones behind one NAT share an address, and a
/// message is better unattached than attached to the wrong phone). A match is verified (issue 16 §6) when the sender's
/// address is the device's last known one: the address of its last Inform or of its last profile fetch. A MAC or serial in
/// the text is what anyone can write; only a verified message changes the device's status.
/// </summary>
internal sealed class SyslogDeviceMatcher(AcsDatabase database, Files.ProfileFetchStore fetches)
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
        var dialect = database.Dialect;
        var byMac = await LookupAsync(connection, macs, $"""
            SELECT lower(replace(replace(mac_address, ':', ''), '-', '')) AS Item1, id AS Item2 FROM devices
            WHERE {dialect.InList("lower(replace(replace(mac_address, ':', ''), '-', ''))", "@Values")} ORDER BY last_inform
            """, unique: false, cancellationToken);
        var bySerial = await LookupAsync(connection, serials,
            $"SELECT serial_number AS Item1, id AS Item2 FROM devices WHERE {dialect.InList("serial_number", "@Values")}", unique: true, cancellationToken);
        var byAddress = await LookupAsync(connection, addresses, $"""
            SELECT remote_address AS Item1, id AS Item2 FROM devices WHERE {dialect.InList("remote_address", "@Values")}
            UNION SELECT remote_address, device_id FROM profile_fetches WHERE {dialect.InList("remote_address", "@Values")}
            """, unique: true, cancellationToken);

        var matches = new DeviceMatch[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            matches[i] = Resolve(clues[i], batch[i].Remote.Address, byMac, bySerial, byAddress);
        }

        var known = await KnownAddressesAsync(connection, matches, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            if (matches[i].DeviceId is { } deviceId && known.TryGetValue(deviceId, out var lastKnown)
                && AddressForms(batch[i].Remote.Address).Any(lastKnown.Contains))
            {
                matches[i] = matches[i] with { Verified = true };
            }
        }
        return matches;
    }

    // The last Inform address and the last profile-fetch address of each matched device. A fetch still waiting for the
    // write-behind writer counts too, looked at before and after the query (it may be written in between): a phone
    // logs "Successful resync" right after its fetch.
    private async Task<Dictionary<string, HashSet<string>>> KnownAddressesAsync(System.Data.Common.DbConnection connection,
        DeviceMatch[] matches, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var ids = matches.Where(m => m.DeviceId is not null).Select(m => m.DeviceId!).Distinct(StringComparer.Ordinal).ToList();
        var pendingBefore = ids.Select(fetches.PendingRemoteAddress).ToList();
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            var rows = await connection.QueryAsync<(string, string?, string?)>(new CommandDefinition($"""
                SELECT d.id AS Item1, d.remote_address AS Item2, f.remote_address AS Item3
                FROM devices d LEFT JOIN profile_fetches f ON f.device_id = d.id
                WHERE {database.Dialect.InList("d.id", "@Ids")}
                """, new { Ids = chunk }, cancellationToken: cancellationToken));
            foreach (var (id, inform, fetch) in rows)
            {
                var addresses = new HashSet<string>(StringComparer.Ordinal);
                foreach (var address in new[] { inform, fetch })
                {
                    if (address is not null && IPAddress.TryParse(address, out var parsed))
                    {
                        addresses.UnionWith(AddressForms(parsed));
                    }
                }
                known[id] = addresses;
            }
        }
        for (var i = 0; i < ids.Count; i++)
        {
            foreach (var pending in new[] { pendingBefore[i], fetches.PendingRemoteAddress(ids[i]) })
            {
                if (pending is not null && known.TryGetValue(ids[i], out var addresses) && IPAddress.TryParse(pending, out var parsed))
                {
                    addresses.UnionWith(AddressForms(parsed));
                }
            }
        }
        return known;
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
