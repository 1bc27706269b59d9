namespace TR069Acs.Server.Campaigns;

/// <summary>Settings of the campaign engine, bound from <c>Acs:Campaigns</c>.</summary>
public sealed class CampaignOptions
{
    /// <summary>How often each active campaign's Quartz tick runs (milliseconds): starts Downloads, applies timeouts,
    /// stop rules and phases. Confirmations arrive in between, straight from the CWMP sessions.</summary>
    public int TickMilliseconds { get; set; } = 1000;

    /// <summary>Connection Requests sent at once by all campaigns together (the rest wait their turn).</summary>
    public int ConnectionRequestConcurrency { get; set; } = 64;

    /// <summary>Quartz worker threads; each active campaign's tick needs one while it runs.</summary>
    public int SchedulerThreads { get; set; } = 4;

    /// <summary>Checks the settings; the message names the one that is wrong.</summary>
    /// <exception cref="InvalidOperationException">An invalid setting.</exception>
    public static void Validate(AcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = options.Campaigns;
        if (c.TickMilliseconds is < 50 or > 60_000)
        {
            throw new InvalidOperationException($"Acs:Campaigns:TickMilliseconds must be 50-60000, got {c.TickMilliseconds}.");
        }
        if (c.ConnectionRequestConcurrency is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"Acs:Campaigns:ConnectionRequestConcurrency must be 1-10000, got {c.ConnectionRequestConcurrency}.");
        }
        if (c.SchedulerThreads is < 1 or > 64)
        {
            throw new InvalidOperationException($"Acs:Campaigns:SchedulerThreads must be 1-64, got {c.SchedulerThreads}.");
        }
        if (!string.IsNullOrWhiteSpace(options.FilesPublicUrl)
            && !(Uri.TryCreate(options.FilesPublicUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            throw new InvalidOperationException(
                $"Acs:FilesPublicUrl must be an absolute http(s) URL of the file server as phones reach it (e.g. http://fw.example.net:7567/), got '{options.FilesPublicUrl}'.");
        }
    }
}
