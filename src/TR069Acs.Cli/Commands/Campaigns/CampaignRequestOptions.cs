using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>The options of <c>acs campaigns create</c> and how they become the body of <c>POST /api/campaigns</c>
/// (issue 5 §2). <c>--json FILE</c> supplies a whole body; options given as well replace its fields.</summary>
internal sealed class CampaignRequestOptions
{
    public Option<FileInfo> Json { get; } = new Option<FileInfo>("--json")
    {
        HelpName = "FILE", Description = "A JSON file with the full request body (POST /api/campaigns); options given as well override its fields.",
    }.AcceptExistingOnly();

    public Option<string?> Name { get; } = new("--name") { HelpName = "NAME", Description = "The campaign's name, e.g. \"spring-2027 8841\"." };

    public Option<string?> Firmware { get; } = new("--firmware") { HelpName = "ID", Description = "Firmware image id (its SHA-256, from POST /api/firmware)." };

    public Option<string?> ProductClass { get; } = new("--product-class") { HelpName = "CLASS", Description = "Select devices of this ProductClass." };

    public Option<string[]> Models { get; } = new("--model") { HelpName = "MODEL", Description = "Select devices of this model (repeat for several)." };

    public Option<string?> SoftwareVersion { get; } = new("--software-version") { HelpName = "VERSION", Description = "Select devices running exactly this version." };

    public Option<string?> SoftwareVersionBelow { get; } = new("--software-version-below") { HelpName = "VERSION", Description = "Select devices running a version below this one." };

    public Option<string[]> Tags { get; } = new("--tag") { HelpName = "TAG", Description = "Select devices carrying this tag (repeat for several)." };

    public Option<string[]> Devices { get; } = new("--device") { HelpName = "DEVICE-ID", Description = "Select this device id (repeat for several)." };

    public Option<DateTimeOffset?> Start { get; } = new("--start") { HelpName = "TIME", Description = "Start time (ISO 8601, e.g. 2026-11-23T10:00:00Z); default now." };

    public Option<DateTimeOffset?> End { get; } = new("--end") { HelpName = "TIME", Description = "Time after which no device is started." };

    public Option<string?> Window { get; } = new("--window") { HelpName = "HH:mm-HH:mm", Description = "Daily maintenance window HH:mm-HH:mm, e.g. 01:00-05:00 (may wrap midnight)." };

    public Option<string?> TimeZone { get; } = new("--time-zone") { HelpName = "ZONE", Description = "IANA time zone of --window, e.g. Europe/Berlin (default UTC)." };

    public Option<int?> MaxConcurrent { get; } = new("--max-concurrent") { HelpName = "N", Description = "Most devices in flight at once." };

    public Option<int?> RatePerMinute { get; } = new("--rate-per-minute") { HelpName = "N", Description = "Most Downloads started per minute." };

    public Option<int?> Canary { get; } = new("--canary") { HelpName = "N", Description = "Devices in the first (canary) phase." };

    public Option<string?> Percentages { get; } = new("--percentages") { HelpName = "P,P,…", Description = "Phase sizes after the canary as cumulative percentages, e.g. 10,50,100." };

    public Option<double?> MinSuccessRate { get; } = new("--min-success-rate") { HelpName = "RATE", Description = "Success rate (0..1) a phase must reach before the next starts." };

    public Option<int?> MaxFailures { get; } = new("--max-failures") { HelpName = "N", Description = "Stop the campaign after this many failed devices." };

    public Option<string?> MaxFailureRate { get; } = new("--max-failure-rate") { HelpName = "F/W", Description = "Stop at F failures among the last W finished devices, written F/W, e.g. 10/100." };

    public Option<int?> ConfirmTimeout { get; } = new("--confirm-timeout") { HelpName = "SECONDS", Description = "Seconds a device may stay unconfirmed before it counts as failed." };

    public Option<int?> MaxAttempts { get; } = new("--max-attempts") { HelpName = "N", Description = "Download attempts per device (retry policy)." };

    public Option<int?> RetryDelay { get; } = new("--retry-delay") { HelpName = "SECONDS", Description = "Seconds between a failed attempt and the next." };

    public Option<bool> NoConnectionRequest { get; } = new("--no-connection-request") { Description = "Do not wake online devices; wait for their next Inform." };

    public IEnumerable<Option> All =>
    [
        Json, Name, Firmware, ProductClass, Models, SoftwareVersion, SoftwareVersionBelow, Tags, Devices, Start, End, Window, TimeZone,
        MaxConcurrent, RatePerMinute, Canary, Percentages, MinSuccessRate, MaxFailures, MaxFailureRate, ConfirmTimeout, MaxAttempts,
        RetryDelay, NoConnectionRequest,
    ];

    /// <summary>The request body: the <c>--json</c> file's object with every given option written over it.</summary>
    /// <exception cref="FormatException">A value is malformed or a required field is missing; the message names it.</exception>
    public async Task<JsonObject> BuildAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var body = result.GetValue(Json) is { } file ? await ReadBodyAsync(file, cancellationToken) : [];
        Set(body, "name", result.GetValue(Name));
        Set(body, "firmwareId", result.GetValue(Firmware));

        var selector = Child(body, "selector");
        Set(selector, "productClass", result.GetValue(ProductClass));
        SetList(selector, "models", result.GetValue(Models));
        Set(selector, "softwareVersion", result.GetValue(SoftwareVersion));
        Set(selector, "softwareVersionBelow", result.GetValue(SoftwareVersionBelow));
        SetList(selector, "tags", result.GetValue(Tags));
        SetList(selector, "deviceIds", result.GetValue(Devices));

        var schedule = Child(body, "schedule");
        Set(schedule, "start", result.GetValue(Start)?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Set(schedule, "end", result.GetValue(End)?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        if (result.GetValue(Window) is { } window)
        {
            var (from, to) = ParseWindow(window);
            schedule["window"] = new JsonObject { ["from"] = from, ["to"] = to, ["timeZone"] = result.GetValue(TimeZone) ?? "UTC" };
        }
        else if (result.GetValue(TimeZone) is { } zone)
        {
            if (schedule["window"] is not JsonObject existing)
            {
                throw new FormatException("--time-zone applies to a maintenance window: give --window HH:mm-HH:mm as well.");
            }
            existing["timeZone"] = zone;
        }

        Set(body, "maxConcurrent", result.GetValue(MaxConcurrent));
        Set(body, "ratePerMinute", result.GetValue(RatePerMinute));

        var phases = Child(body, "phases");
        Set(phases, "canary", result.GetValue(Canary));
        if (result.GetValue(Percentages) is { } percentages)
        {
            phases["percentages"] = new JsonArray([.. ParsePercentages(percentages).Select(p => (JsonNode)p)]);
        }
        Set(phases, "minSuccessRate", result.GetValue(MinSuccessRate));

        var stopRules = Child(body, "stopRules");
        Set(stopRules, "maxFailures", result.GetValue(MaxFailures));
        if (result.GetValue(MaxFailureRate) is { } rate)
        {
            var (failures, of) = ParseFailureRate(rate);
            stopRules["maxFailureRate"] = new JsonObject { ["failures"] = failures, ["window"] = of };
        }
        Set(stopRules, "confirmTimeoutSeconds", result.GetValue(ConfirmTimeout));

        var retry = Child(body, "retry");
        Set(retry, "maxAttempts", result.GetValue(MaxAttempts));
        Set(retry, "delaySeconds", result.GetValue(RetryDelay));
        if (result.GetValue(NoConnectionRequest))
        {
            body["connectionRequest"] = false;
        }

        // Objects that stayed empty are left out, so the server's defaults apply.
        foreach (var name in new[] { "selector", "schedule", "phases", "stopRules", "retry" })
        {
            if (body[name] is JsonObject { Count: 0 })
            {
                body.Remove(name);
            }
        }
        if (body["name"] is null || body["firmwareId"] is null)
        {
            throw new FormatException("A campaign needs --name and --firmware (or \"name\" and \"firmwareId\" in the --json file).");
        }
        return body;
    }

    /// <summary><c>HH:mm-HH:mm</c> → ("HH:mm", "HH:mm"); the times are checked, the order is not (a window may wrap midnight).</summary>
    public static (string From, string To) ParseWindow(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !IsTime(parts[0]) || !IsTime(parts[1]))
        {
            throw new FormatException($"--window must be HH:mm-HH:mm (24-hour), e.g. 01:00-05:00, not '{text}'.");
        }
        if (parts[0] == parts[1])
        {
            throw new FormatException($"--window '{text}' opens and closes at the same time; leave --window out for no window.");
        }
        return (parts[0], parts[1]);
    }

    /// <summary><c>F/W</c>: F failures among the last W finished devices, 1 ≤ F ≤ W.</summary>
    public static (int Failures, int Window) ParseFailureRate(string text)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var failures)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var window) && failures >= 1 && failures <= window)
        {
            return (failures, window);
        }
        throw new FormatException($"--max-failure-rate must be F/W with 1 <= F <= W (F failures among the last W devices), e.g. 10/100, not '{text}'.");
    }

    private static List<int> ParsePercentages(string text)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 100
                || (list.Count > 0 && p <= list[^1]))
            {
                throw new FormatException($"--percentages must be rising whole percentages 1-100 separated by commas, e.g. 10,50,100, not '{text}'.");
            }
            list.Add(p);
        }
        return list;
    }

    private static bool IsTime(string text) => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static async Task<JsonObject> ReadBodyAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = file.OpenRead();
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject
                ?? throw new FormatException($"{file.Name}: the request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file.Name}: not valid JSON: {e.Message}");
        }
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }
        child = [];
        parent[name] = child;
        return child;
    }

    private static void Set<T>(JsonObject target, string name, T? value)
    {
        if (value is not null)
        {
            target[name] = JsonValue.Create(value);
        }
    }

    private static void SetList(JsonObject target, string name, string[]? values)
    {
        if (values is { Length: > 0 })
        {
            target[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
    }
}
