using System.Collections.Concurrent;

namespace TR069Acs.Server.Campaigns;

/// <summary>Wakes progress watchers (the SSE stream) when a campaign changes on this node, without polling.</summary>
internal sealed class CampaignEvents
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _signals = new();

    /// <summary>Completes at the next <see cref="Changed"/> of the campaign. Take it before reading the campaign, so a
    /// change between the read and the wait is not missed.</summary>
    public Task NextChange(long campaignId)
        => _signals.GetOrAdd(campaignId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Something about the campaign or one of its devices changed.</summary>
    public void Changed(long campaignId)
    {
        if (_signals.TryRemove(campaignId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
