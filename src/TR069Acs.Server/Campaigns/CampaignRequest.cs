using System.Text.Json.Nodes;

namespace TR069Acs.Server.Campaigns;

/// <summary>Reads the body of <c>POST /api/campaigns</c> into a <see cref="CampaignDefinition"/>, filling in defaults;
/// every error names the member (<c>stopRules.maxFailureRate.window</c>) and says what would be accepted.</summary>
internal static class CampaignRequest
{
    public const int DefaultMaxConcurrent = 100;
    public const int DefaultConfirmTimeoutSeconds = 1800;
    public const int DefaultRetryDelaySeconds = 300;
    public const double DefaultMinSuccessRate = 0.95;

    private const int MaxListEntries = 100_000;

    /// <exception cref="CampaignValidationException">A member is missing or wrong.</exception>
    public static CampaignDefinition Parse(JsonObject body, DateTimeOffset now)
    {
        var name = JsonMembers.String(body, "name", "name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw new CampaignValidationException("name", "'name' is required: 1 to 200 characters naming the campaign for people.");
        }
        var firmwareId = JsonMembers.String(body, "firmwareId", "firmwareId")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(firmwareId))
        {
            throw new CampaignValidationException("firmwareId", "'firmwareId' is required: the id (SHA-256) of an image from POST /api/firmware.");
        }
        return new CampaignDefinition(
            name,
            firmwareId,
            Selector(JsonMembers.Object(body, "selector", "selector")),
            Schedule(JsonMembers.Object(body, "schedule", "schedule"), now),
            (int)(JsonMembers.Integer(body, "maxConcurrent", "maxConcurrent", 1, 100_000) ?? DefaultMaxConcurrent),
            (int?)JsonMembers.Integer(body, "ratePerMinute", "ratePerMinute", 1, 1_000_000),
            Phases(JsonMembers.Object(body, "phases", "phases")),
            StopRules(JsonMembers.Object(body, "stopRules", "stopRules")),
            Retry(JsonMembers.Object(body, "retry", "retry")),
            JsonMembers.Boolean(body, "connectionRequest", "connectionRequest") ?? true);
    }

    private static DeviceSelector Selector(JsonObject? o)
    {
        if (o is null)
        {
            throw new CampaignValidationException("selector",
                "'selector' is required and must name at least one criterion (productClass, models, softwareVersion, softwareVersionBelow, tags, deviceIds): a campaign never selects every device by omission.");
        }
        var below = Trimmed(JsonMembers.String(o, "softwareVersionBelow", "selector.softwareVersionBelow"));
        if (below is not null && !TR069Acs.Provisioning.Firmware.FirmwareVersion.TryParse(below, out _))
        {
            throw new CampaignValidationException("selector.softwareVersionBelow",
                $"'selector.softwareVersionBelow' must be a firmware version such as 12.0.2 or sip88xx.12-0-2, got '{below}'.");
        }
        var selector = new DeviceSelector(
            Trimmed(JsonMembers.String(o, "productClass", "selector.productClass")),
            JsonMembers.Strings(o, "models", "selector.models", 64, 1000),
            Trimmed(JsonMembers.String(o, "softwareVersion", "selector.softwareVersion")),
            below,
            JsonMembers.Strings(o, "tags", "selector.tags", 64, 100),
            JsonMembers.Strings(o, "deviceIds", "selector.deviceIds", 256, MaxListEntries));
        if (selector is { ProductClass: null, Models: null, SoftwareVersion: null, SoftwareVersionBelow: null, Tags: null, DeviceIds: null })
        {
            throw new CampaignValidationException("selector",
                "'selector' must name at least one criterion (productClass, models, softwareVersion, softwareVersionBelow, tags, deviceIds).");
        }
        return selector;
    }

    private static CampaignSchedule Schedule(JsonObject? o, DateTimeOffset now)
    {
        if (o is null)
        {
            return new CampaignSchedule(now, null, null);
        }
        var start = JsonMembers.Time(o, "start", "schedule.start") ?? now;
        var end = JsonMembers.Time(o, "end", "schedule.end");
        if (end is { } e && e <= start)
        {
            throw new CampaignValidationException("schedule.end", $"'schedule.end' ({e:O}) must be after 'schedule.start' ({start:O}).");
        }
        WindowDefinition? window = null;
        if (JsonMembers.Object(o, "window", "schedule.window") is { } w)
        {
            window = new WindowDefinition(
                JsonMembers.String(w, "from", "schedule.window.from") ?? throw Missing("schedule.window.from", "a local time such as \"01:00\""),
                JsonMembers.String(w, "to", "schedule.window.to") ?? throw Missing("schedule.window.to", "a local time such as \"05:00\""),
                JsonMembers.String(w, "timeZone", "schedule.window.timeZone") ?? throw Missing("schedule.window.timeZone", "an IANA time zone such as \"Europe/Berlin\""));
            MaintenanceWindow.Create(window);
        }
        return new CampaignSchedule(start, end, window);
    }

    private static PhasePlan? Phases(JsonObject? o)
    {
        if (o is null)
        {
            return null;
        }
        var canary = (int)(JsonMembers.Integer(o, "canary", "phases.canary", 0, 1_000_000) ?? 0);
        var percentages = new List<int>();
        if (o["percentages"] is { } node)
        {
            if (node is not JsonArray array || array.Count > 20)
            {
                throw new CampaignValidationException("phases.percentages", "'phases.percentages' must be an array of at most 20 increasing percentages, e.g. [10, 50, 100].");
            }
            for (var i = 0; i < array.Count; i++)
            {
                var holder = new JsonObject { ["p"] = array[i]?.DeepClone() };
                var p = (int)(JsonMembers.Integer(holder, "p", $"phases.percentages[{i}]", 1, 100) ?? throw Missing($"phases.percentages[{i}]", "a percentage from 1 to 100"));
                if (percentages.Count > 0 && p <= percentages[^1])
                {
                    throw new CampaignValidationException($"phases.percentages[{i}]",
                        $"'phases.percentages' must increase: {p} follows {percentages[^1]} (each entry is the cumulative share of the devices).");
                }
                percentages.Add(p);
            }
        }
        if (canary == 0 && percentages.Count == 0)
        {
            throw new CampaignValidationException("phases", "'phases' needs a canary count, percentages, or both; leave 'phases' out for a single phase.");
        }
        var rate = JsonMembers.Number(o, "minSuccessRate", "phases.minSuccessRate", 0, 1) ?? DefaultMinSuccessRate;
        return new PhasePlan(canary, percentages, rate);
    }

    private static StopRules StopRules(JsonObject? o)
    {
        if (o is null)
        {
            return new StopRules(null, null, DefaultConfirmTimeoutSeconds);
        }
        FailureRateRule? rate = null;
        if (JsonMembers.Object(o, "maxFailureRate", "stopRules.maxFailureRate") is { } r)
        {
            var window = (int)(JsonMembers.Integer(r, "window", "stopRules.maxFailureRate.window", 1, 100_000)
                ?? throw Missing("stopRules.maxFailureRate.window", "how many of the last finished devices are counted, e.g. 100"));
            var failures = (int)(JsonMembers.Integer(r, "failures", "stopRules.maxFailureRate.failures", 1, window)
                ?? throw Missing("stopRules.maxFailureRate.failures", $"how many failures among them stop the campaign (1 to {window})"));
            rate = new FailureRateRule(failures, window);
        }
        return new StopRules(
            (int?)JsonMembers.Integer(o, "maxFailures", "stopRules.maxFailures", 1, int.MaxValue),
            rate,
            (int)(JsonMembers.Integer(o, "confirmTimeoutSeconds", "stopRules.confirmTimeoutSeconds", 5, 30L * 24 * 3600) ?? DefaultConfirmTimeoutSeconds));
    }

    private static RetryPolicy Retry(JsonObject? o)
        => o is null
            ? new RetryPolicy(1, DefaultRetryDelaySeconds)
            : new RetryPolicy(
                (int)(JsonMembers.Integer(o, "maxAttempts", "retry.maxAttempts", 1, 10) ?? 1),
                (int)(JsonMembers.Integer(o, "delaySeconds", "retry.delaySeconds", 0, 7L * 24 * 3600) ?? DefaultRetryDelaySeconds));

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static CampaignValidationException Missing(string path, string what) => new(path, $"'{path}' is required: {what}.");
}
