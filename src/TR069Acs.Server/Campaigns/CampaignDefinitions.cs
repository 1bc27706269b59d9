using System.Collections.Concurrent;

namespace TR069Acs.Server.Campaigns;

/// <summary>Campaign definitions by id, read once: a definition never changes after the campaign is created.</summary>
internal sealed class CampaignDefinitions(CampaignStore store)
{
    private readonly ConcurrentDictionary<long, (CampaignDefinition Definition, string TargetVersion)> _cache = new();

    /// <summary>The definition and target version, or null for an unknown campaign.</summary>
    public async ValueTask<(CampaignDefinition Definition, string TargetVersion)?> GetAsync(long campaignId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(campaignId, out var cached))
        {
            return cached;
        }
        if (await store.GetAsync(campaignId, cancellationToken) is not { } row)
        {
            return null;
        }
        return _cache[campaignId] = (CampaignStore.DefinitionOf(row), row.TargetVersion);
    }
}
