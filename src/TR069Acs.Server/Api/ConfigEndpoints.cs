using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Api.Models;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;
using TR069Acs.Server.Operators;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary>Layered configuration (<c>/api/config/…</c>), a device's effective configuration, its tags, and
/// pre-registration of devices that have not connected yet.</summary>
internal static class ConfigEndpoints
{
    public static RouteGroupBuilder MapConfig(this RouteGroupBuilder api)
    {
        MapScope(api, "/config/global", ConfigScopeKind.Global, "Global");
        MapScope(api, "/config/models/{key}", ConfigScopeKind.Model, "Model");
        MapScope(api, "/config/tags/{key}", ConfigScopeKind.Tag, "Tag");
        MapScope(api, "/config/devices/{key}", ConfigScopeKind.Device, "Device");
        api.MapGet("/devices/{id}/config", EffectiveAsync).WithName("GetDeviceEffectiveConfig")
            .WithSummary("The device's effective flat profile (its desired state): every value with the scope it came from (global, model:M, tag:T, device), "
                + "whether the phone has it (status confirmed|pending|drifted), when it was last confirmed, and the drift mode (enforce|report). Role: viewer.");
        api.MapPut("/devices/{id}/tags", SetTagsAsync).WithName("SetDeviceTags").WithSummary("Replace the device's tags, e.g. [\"lab\",\"floor-2\"].")
            .Accepts<JsonArray>("application/json");
        api.MapPost("/devices", PreRegisterAsync).WithName("PreRegisterDevice")
            .WithSummary("Register a device before it connects: {\"mac\",\"serial\",\"model\",\"tags\",\"cwmpUsername\",\"cwmpPassword\"}; its id is the one its first Inform produces. "
                + "Without cwmpPassword a random one is generated and returned once, in cwmpCredentials. Role: operator.")
            .Accepts<JsonObject>("application/json");
        return api;
    }

    private static void MapScope(RouteGroupBuilder api, string pattern, ConfigScopeKind kind, string name)
    {
        const string Preview = " ?dryRun=true returns the diff per key (secrets masked) and the devices it would push to, storing and queueing nothing; "
            + "a write that would put factory values back on more than Acs:Config:ConfirmAbove devices needs ?confirm=N with the count of its dry run (else 428).";
        api.MapGet(pattern, (HttpContext http, ConfigService config, TaskService tasks, ConfigNames names, CancellationToken ct)
            => GetScopeAsync(http, kind, config, tasks, names, ct)).WithName($"Get{name}Config").WithSummary($"The values the {name.ToLowerInvariant()} scope stores (secrets masked).");
        api.MapPut(pattern, (HttpContext http, ConfigService config, TaskService tasks, ConfigNames names, CancellationToken ct)
            => WriteScopeAsync(http, kind, "put", config, tasks, names, ct)).WithName($"Put{name}Config")
            .WithSummary("Replace the scope: {\"parameters\":{\"GPP_A\":\"…\",\"Device.Time.NTPServer1\":\"…\"}}; every key left out goes back to its factory value on the phones (use PATCH to add). Role: operator." + Preview)
            .Accepts<JsonObject>("application/json");
        api.MapPatch(pattern, (HttpContext http, ConfigService config, TaskService tasks, ConfigNames names, CancellationToken ct)
            => WriteScopeAsync(http, kind, "patch", config, tasks, names, ct)).WithName($"Patch{name}Config")
            .WithSummary("Merge into the scope; a null value removes the key. Role: operator." + Preview).Accepts<JsonObject>("application/json");
        api.MapDelete(pattern, (HttpContext http, ConfigService config, TaskService tasks, ConfigNames names, CancellationToken ct)
            => WriteScopeAsync(http, kind, "delete", config, tasks, names, ct)).WithName($"Delete{name}Config")
            .WithSummary("Empty the scope (its values go back to what the scopes below set, or the factory values). Role: operator." + Preview);
        api.MapGet(pattern + "/history", (HttpContext http, ConfigService config, TaskService tasks, CancellationToken ct)
            => HistoryAsync(http, kind, config, tasks, ct)).WithName($"Get{name}ConfigHistory")
            .WithSummary("The scope's versions, newest first: version, time, actor, action, the diff per key (secrets masked), devices pushed to. "
                + "?limit=50 (1-500), ?before=VERSION pages. Role: viewer.");
        api.MapPost(pattern + "/rollback", (HttpContext http, ConfigService config, TaskService tasks, ConfigNames names, CancellationToken ct)
            => RollbackAsync(http, kind, config, tasks, names, ct)).WithName($"Rollback{name}Config")
            .WithSummary("?version=N: the scope holds the values of version N again, as a new version pushed like any write. Role: operator." + Preview);
    }

    private static async Task<IResult> GetScopeAsync(HttpContext http, ConfigScopeKind kind, ConfigService config, TaskService tasks,
        ConfigNames names, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(http, kind, config, tasks, cancellationToken);
        if (resolved.Problem is not null)
        {
            return resolved.Problem;
        }
        var stored = await config.GetAsync(resolved.Scope, cancellationToken);
        return TypedResults.Ok(new ScopeBody(resolved.Scope.ToString(), Masked(stored, names), null));
    }

    private static async Task<IResult> WriteScopeAsync(HttpContext http, ConfigScopeKind kind, string action, ConfigService config, TaskService tasks,
        ConfigNames names, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(http, kind, config, tasks, cancellationToken);
        if (resolved.Problem is not null)
        {
            return resolved.Problem;
        }
        if (WriteOptions(http, action) is not { } write)
        {
            return WriteOptionsProblem(http);
        }
        JsonObject parameters;
        if (action == "delete")
        {
            parameters = [];
        }
        else if (await ReadAsync(http.Request, cancellationToken) is JsonObject { } json && json["parameters"] is JsonObject given)
        {
            parameters = (JsonObject)given.DeepClone();
        }
        else
        {
            return ApiProblems.Invalid("parameters", "The body must be {\"parameters\": {\"FLAT_NAME or TR-069 path\": \"value\", …}}.");
        }
        try
        {
            var update = await config.UpdateAsync(resolved.Scope, resolved.Model, parameters, replace: action != "patch", write, cancellationToken);
            return Written(http, resolved.Scope, update, names);
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        catch (ConfigConfirmationException ex)
        {
            return ConfirmationRequired(ex);
        }
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, ConfigScopeKind kind, ConfigService config, TaskService tasks,
        CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(http, kind, config, tasks, cancellationToken);
        if (resolved.Problem is not null)
        {
            return resolved.Problem;
        }
        var query = http.Request.Query;
        if (!QueryValues.TryInt(query["limit"], "limit", 1, 500, 50, out var limit, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (!QueryValues.TryInt(query["before"], "before", 1, int.MaxValue, int.MaxValue, out var before, out error))
        {
            return ApiProblems.Invalid("before", error!);
        }
        var versions = await config.HistoryAsync(resolved.Scope, before, limit, cancellationToken);
        return TypedResults.Ok(new HistoryBody(resolved.Scope.ToString(), versions));
    }

    private static async Task<IResult> RollbackAsync(HttpContext http, ConfigScopeKind kind, ConfigService config, TaskService tasks, ConfigNames names,
        CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(http, kind, config, tasks, cancellationToken);
        if (resolved.Problem is not null)
        {
            return resolved.Problem;
        }
        var text = http.Request.Query["version"].ToString();
        if (text.Length == 0)
        {
            return ApiProblems.Invalid("version", "'version' is required: ?version=N, a version listed by GET …/history.");
        }
        if (!QueryValues.TryInt(text, "version", 1, int.MaxValue, 0, out var version, out var error))
        {
            return ApiProblems.Invalid("version", error!);
        }
        if (WriteOptions(http, "rollback") is not { } write)
        {
            return WriteOptionsProblem(http);
        }
        try
        {
            return Written(http, resolved.Scope, await config.RollbackAsync(resolved.Scope, version, write, cancellationToken), names);
        }
        catch (ConfigValidationException ex)
        {
            return ex.Field == "version"
                ? TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown configuration version")
                : ApiProblems.Invalid(ex.Field, ex.Message);
        }
        catch (ConfigConfirmationException ex)
        {
            return ConfirmationRequired(ex);
        }
    }

    /// <summary>The <c>?dryRun=</c> and <c>?confirm=</c> of a write, or null when one is malformed.</summary>
    private static ConfigWrite? WriteOptions(HttpContext http, string action)
    {
        var query = http.Request.Query;
        if (!QueryValues.TryBool(query["dryRun"], "dryRun", out var dryRun, out _)
            || !QueryValues.TryInt(query["confirm"], "confirm", 0, int.MaxValue, -1, out var confirm, out _))
        {
            return null;
        }
        return new ConfigWrite(http.User.Operator()?.Actor ?? "anonymous", action, dryRun, confirm < 0 ? null : confirm);
    }

    private static IResult WriteOptionsProblem(HttpContext http)
    {
        var query = http.Request.Query;
        return !QueryValues.TryBool(query["dryRun"], "dryRun", out _, out var error)
            ? ApiProblems.Invalid("dryRun", error!)
            : ApiProblems.Invalid("confirm", $"'confirm' must be the device count of the write's dry run (a whole number), got '{query["confirm"]}'.");
    }

    private static IResult Written(HttpContext http, ConfigScope scope, ConfigUpdate update, ConfigNames names)
    {
        var impact = update.Impact ?? new ConfigImpact(0, [], 0);
        var changes = update.Changes ?? [];
        http.Items[Operators.AuditMiddleware.DetailKey] = update.DryRun
            ? $"dry run: {changes.Count} keys, {impact.Devices} devices"
            : update.Version > 0 && changes.Count > 0
                ? $"version {update.Version}: {changes.Count} keys, {impact.Devices} devices"
                : "no change";
        return TypedResults.Ok(new WriteBody(scope.ToString(), Masked(update.Stored, names),
            [.. update.Pushed.Select(p => new PushBody(p.DeviceId, p.TaskId, p.Parameters))],
            update.DryRun, update.DryRun ? null : update.Version, changes, impact.Devices, impact.Sample, impact.FactoryReverts));
    }

    private static IResult ConfirmationRequired(ConfigConfirmationException ex)
        => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status428PreconditionRequired, title: "Confirmation required",
            extensions: new Dictionary<string, object?> { ["devices"] = ex.Devices, ["confirmAbove"] = ex.Threshold, ["confirm"] = $"?confirm={ex.Devices}" });

    private static async Task<IResult> EffectiveAsync(string id, ConfigService config, ConfigStore store, TaskService tasks, ConfigNames names,
        ProfileFetchStore fetches, ConfigReconciler reconciler, CancellationToken cancellationToken)
    {
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        var effective = await config.EffectiveForDeviceAsync(device, cancellationToken);
        var status = await reconciler.StatusAsync(device, effective, cancellationToken);
        var fetch = await fetches.GetAsync(device.Id, cancellationToken);
        return TypedResults.Ok(new EffectiveBody(
            device.Id,
            device.ProductClass,
            await store.GetTagsAsync(device.Id, cancellationToken),
            [.. effective.Scopes.Select(s => s.ToString())],
            Values(effective.Values, names, status),
            Values(effective.Settings, names, null),
            fetch is null ? null : new FetchBody(ApiTime.From(fetch.Fetched), fetch.Method, fetch.FileName, fetch.RemoteAddress, fetch.UserAgent,
                fetch.SoftwareVersion, fetch.StatusBody),
            DriftModes.Name(DriftModes.Of(effective))));
    }

    private static async Task<IResult> SetTagsAsync(string id, HttpRequest request, ConfigService config, TaskService tasks, CancellationToken cancellationToken)
    {
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        if (await ReadAsync(request, cancellationToken) is not JsonArray array)
        {
            return ApiProblems.Invalid("body", "The body must be a JSON array of tags, e.g. [\"lab\",\"floor-2\"].");
        }
        try
        {
            var tags = Tags(array, "body");
            if (OutsideScope(request.HttpContext, tags) is { } refused)
            {
                return refused;
            }
            var update = await config.SetTagsAsync(device, tags, cancellationToken);
            return TypedResults.Ok(new TagsBody(device.Id, tags, [.. update.Pushed.Select(p => new PushBody(p.DeviceId, p.TaskId, p.Parameters))]));
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
    }

    private static async Task<IResult> PreRegisterAsync(HttpRequest request, DeviceDirectory directory, ConfigService config,
        CpeAuth.CpeCredentialStore credentials, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not JsonObject body)
        {
            return ApiProblems.Invalid("body", "The body must be {\"mac\":\"00562B04DD5B\",\"serial\":\"FCH…\",\"model\":\"CP-8841-3PCC\",\"tags\":[…]}.");
        }
        try
        {
            var tags = body["tags"] switch
            {
                null => [],
                JsonArray array => Tags(array, "tags"),
                _ => throw new ConfigValidationException("tags", "'tags' must be an array of strings."),
            };
            if (OutsideScope(request.HttpContext, tags) is { } refused)
            {
                return refused;
            }
            var (cwmpUsername, cwmpPassword) = CwmpCredentialsInput.Read(Text(body, "cwmpUsername"), Text(body, "cwmpPassword"));
            var device = await directory.PreRegisterAsync(Text(body, "mac"), Text(body, "serial"), Text(body, "model"), cancellationToken);
            if (tags.Count > 0)
            {
                await config.SetTagsAsync(device, tags, cancellationToken);
            }
            // The device's own CWMP credentials: given (configured on the phone out of band: only they open it) or generated
            // and shown once (set on the phone in its first session; until then its admission, e.g. the bootstrap credential, opens it).
            var username = cwmpUsername ?? device.Id;
            var password = cwmpPassword ?? CpeAuth.CpeCredentialStore.NewSecret();
            await credentials.PreRegisterAsync(device.Id, username, password, device.SerialNumber, given: cwmpPassword is not null, cancellationToken);
            return TypedResults.Created($"/api/devices/{Uri.EscapeDataString(device.Id)}", DeviceDetail.From(device) with
            {
                Tags = tags,
                CwmpCredentials = new CwmpCredentialsBody(username, cwmpPassword is null ? password : null),
            });
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        catch (DeviceConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Device exists");
        }
    }

    /// <summary>A tag-scoped caller may only give a device tags that keep it inside the scope (else it would lose it, or hand
    /// it to another scope).</summary>
    private static IResult? OutsideScope(HttpContext http, IReadOnlyList<string> tags)
    {
        var caller = http.User.Operator();
        return caller is { Scope.IsRestricted: true } && !caller.Scope.Allows(tags)
            ? ApiAccessFilter.Forbidden($"'{caller.Actor}' is limited to the tags {ApiAccessFilter.Tags(caller.Scope)}; the device's tags must include one of them.")
            : null;
    }

    private static async Task<(ConfigScope Scope, string? Model, IResult? Problem)> ResolveAsync(HttpContext http, ConfigScopeKind kind,
        ConfigService config, TaskService tasks, CancellationToken cancellationToken)
    {
        var key = http.GetRouteValue("key") as string ?? "";
        try
        {
            var scope = config.Scope(kind, key);
            switch (kind)
            {
                case ConfigScopeKind.Model:
                    return (scope, scope.Key, null);
                case ConfigScopeKind.Device:
                    return await tasks.FindDeviceAsync(key, cancellationToken) is { } device
                        ? (scope, device.ProductClass, null)
                        : (scope, null, ApiProblems.DeviceNotFound(key));
                default:
                    return (scope, null, null);
            }
        }
        catch (ConfigValidationException ex)
        {
            return (default, null, ApiProblems.Invalid(ex.Field, ex.Message));
        }
    }

    private static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, documentOptions: ApiJson.Document, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> Tags(JsonArray array, string field)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw new ConfigValidationException($"{field}[{i}]", $"'{field}[{i}]' must be a string.");
            }
            tags.Add(ConfigService.CheckTag(v.GetValue<string>(), $"{field}[{i}]"));
        }
        return [.. tags];
    }

    private static string? Text(JsonObject body, string name)
        => body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : body[name] is null ? null
            : throw new ConfigValidationException(name, $"'{name}' must be a string.");

    private static SortedDictionary<string, string> Masked(IReadOnlyDictionary<string, string> values, ConfigNames names)
        => new(values.ToDictionary(p => p.Key, p => names.IsSecret(p.Key) && p.Value.Length > 0 ? Secrets.Mask : p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static SortedDictionary<string, ValueBody> Values(IReadOnlyDictionary<string, EffectiveValue> values, ConfigNames names,
        Dictionary<string, ConfigReconciler.ValueStatus>? status)
        => new(values.ToDictionary(p => p.Key, p =>
        {
            var secret = names.IsSecret(p.Key);
            var body = new ValueBody(secret && p.Value.Value.Length > 0 ? Secrets.Mask : p.Value.Value, p.Value.Scope.ToString());
            return status is not null && status.TryGetValue(p.Key, out var s)
                ? body with
                {
                    Status = s.Status,
                    LastConfirmed = ApiTime.From(s.Confirmed),
                    PhoneValue = s.Phone is null ? null : secret && s.Phone.Value.Length > 0 ? Secrets.Mask : s.Phone.Value,
                    PhoneValueSeen = ApiTime.From(s.Phone?.Seen),
                }
                : body;
        }, StringComparer.Ordinal), StringComparer.Ordinal);

    private sealed record ScopeBody(string Scope, SortedDictionary<string, string> Parameters, IReadOnlyList<PushBody>? Pushed);

    /// <summary>The answer to a write or its dry run: the scope's values after it (secrets masked), the tasks queued, and the
    /// preview: the diff per key, how many devices get a SetParameterValues (and a sample), how many of them a factory-value revert.</summary>
    private sealed record WriteBody(string Scope, SortedDictionary<string, string> Parameters, IReadOnlyList<PushBody> Pushed, bool DryRun,
        int? Version, IReadOnlyList<ConfigChange> Changes, int Devices, IReadOnlyList<string> DeviceSample, int FactoryReverts);

    private sealed record HistoryBody(string Scope, IReadOnlyList<ConfigVersion> Versions);

    private sealed record PushBody(string DeviceId, long TaskId, IReadOnlyList<string> Parameters);

    private sealed record TagsBody(string DeviceId, IReadOnlyList<string> Tags, IReadOnlyList<PushBody> Pushed);

    /// <summary>One effective value. Status (<c>confirmed</c>, <c>pending</c>, <c>drifted</c>) and the times are those of a
    /// flat parameter (null for reserved settings); <c>phoneValue</c> is what a drifted phone holds instead.</summary>
    private sealed record ValueBody(string Value, string Scope)
    {
        public string? Status { get; init; }

        public DateTimeOffset? LastConfirmed { get; init; }

        public string? PhoneValue { get; init; }

        public DateTimeOffset? PhoneValueSeen { get; init; }
    }

    private sealed record FetchBody(DateTimeOffset Time, string Method, string FileName, string? RemoteAddress, string? UserAgent,
        string? SoftwareVersion, string? StatusBody);

    private sealed record EffectiveBody(string DeviceId, string Model, IReadOnlyList<string> Tags, IReadOnlyList<string> Scopes,
        SortedDictionary<string, ValueBody> Parameters, SortedDictionary<string, ValueBody> Settings, FetchBody? LastProfileFetch, string Drift);
}
