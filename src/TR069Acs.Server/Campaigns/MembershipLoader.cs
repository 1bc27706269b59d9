using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Campaigns;

/// <summary>Reads what <see cref="MembershipRules"/> needs about the fleet in a handful of bulk queries (no query per
/// device): devices, tags, each device's <c>Downgrade_Rev_Limit</c> and the devices busy in other campaigns.</summary>
internal sealed class MembershipLoader(AcsDatabase database, CampaignStore campaigns)
{
    /// <summary>The flat parameter, as the phone reports it and as layered configuration stores it.</summary>
    public const string DowngradeLimitName = "Downgrade_Rev_Limit";

    private static readonly string[] _reportedNames =
        [$"Device.X_CISCO_COM_FlatProfile.{DowngradeLimitName}", $"InternetGatewayDevice.X_CISCO_COM_FlatProfile.{DowngradeLimitName}"];

    /// <summary>The devices the selector takes, in id order, then ids named explicitly that no device has.</summary>
    public async Task<IReadOnlyList<DeviceFacts>> LoadAsync(long campaignId, DeviceSelector selector, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var models = new List<string>();
        if (selector.ProductClass is not null)
        {
            models.Add(selector.ProductClass);
        }
        models.AddRange(selector.Models ?? []);
        var devices = (await connection.QueryAsync<(string Id, string ProductClass, string? SoftwareVersion)>(new CommandDefinition(
            "SELECT id, product_class, software_version FROM devices"
            + (models.Count > 0 ? " WHERE " + database.Dialect.InLowerCased("product_class", "@Models") : "") + " ORDER BY id",
            new { Models = models.Select(m => m.ToLowerInvariant()).ToList() }, cancellationToken: cancellationToken))).AsList();

        var config = (await connection.QueryAsync<(string Kind, string Key, string Value)>(new CommandDefinition(
            "SELECT scope_kind, scope_key, value FROM config_values WHERE name = @Name",
            new { Name = DowngradeLimitName }, cancellationToken: cancellationToken))).AsList();
        var tagNames = new HashSet<string>(selector.Tags ?? [], StringComparer.Ordinal);
        tagNames.UnionWith(config.Where(c => c.Kind == "tag").Select(c => c.Key));
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (tagNames.Count > 0)
        {
            foreach (var (deviceId, tag) in await connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT device_id, tag FROM device_tags WHERE {database.Dialect.InList("tag", "@Tags")}", new { Tags = tagNames.ToArray() }, cancellationToken: cancellationToken)))
            {
                (tags.TryGetValue(deviceId, out var list) ? list : tags[deviceId] = []).Add(tag);
            }
        }
        var reported = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (deviceId, value) in await connection.QueryAsync<(string, string?)>(new CommandDefinition(
            $"SELECT device_id, value FROM device_parameters WHERE {database.Dialect.InList("name", "@Names")}", new { Names = _reportedNames }, cancellationToken: cancellationToken)))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                reported[deviceId] = value.Trim();
            }
        }
        var busy = await campaigns.BusyElsewhereAsync(campaignId, cancellationToken);

        var selected = new List<DeviceFacts>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, productClass, software) in devices)
        {
            known.Add(id);
            var deviceTags = tags.TryGetValue(id, out var t) ? t : [];
            var facts = new DeviceFacts(id, true, productClass, software, deviceTags,
                reported.TryGetValue(id, out var limit) ? limit : Configured(config, id, productClass, deviceTags),
                busy.TryGetValue(id, out var other) ? other : null);
            if (MembershipRules.Matches(selector, facts))
            {
                selected.Add(facts);
            }
        }
        foreach (var id in selector.DeviceIds ?? [])
        {
            if (!known.Contains(id) && (models.Count == 0 || !await ExistsAsync(connection, id, cancellationToken)))
            {
                selected.Add(new DeviceFacts(id, false, "", null, [], null, null));
            }
        }
        return selected;
    }

    // Layered configuration precedence (Configuration/ConfigService): global < model < tags in ordinal order < device.
    private static string? Configured(List<(string Kind, string Key, string Value)> config, string deviceId, string productClass,
        IReadOnlyCollection<string> tags)
    {
        if (config.Count == 0)
        {
            return null;
        }
        string? value = null;
        void Take(string kind, Func<string, bool> key)
        {
            foreach (var c in config)
            {
                if (c.Kind == kind && key(c.Key))
                {
                    value = c.Value;
                }
            }
        }
        Take("global", _ => true);
        Take("model", k => string.Equals(k, productClass, StringComparison.OrdinalIgnoreCase));
        foreach (var tag in tags.Order(StringComparer.Ordinal))
        {
            Take("tag", k => k == tag);
        }
        Take("device", k => k == deviceId);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static async Task<bool> ExistsAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
        => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM devices WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)) > 0;
}
