using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/campaigns</c>: firmware campaigns (issue 5) — create, list, read, the device list, pause, resume,
/// cancel, and a server-sent progress stream.</summary>
internal static class CampaignEndpoints
{
    private const int MaxLimit = 1000;

    // The stream sends at most four updates a second, and looks again every two seconds even without a local
    // change (a change made by another ACS node is not signalled here).
    private static readonly TimeSpan _coalesce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan _poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan _keepAlive = TimeSpan.FromSeconds(15);

    private static readonly string[] _states =
        [DeviceState.Pending, DeviceState.InProgress, DeviceState.Succeeded, DeviceState.Failed, DeviceState.Skipped];

    public static RouteGroupBuilder MapCampaigns(this RouteGroupBuilder api)
    {
        api.MapPost("/campaigns", CreateAsync).WithName("CreateCampaign")
            .WithSummary("Create a firmware campaign: {name, firmwareId, selector, schedule, maxConcurrent, ratePerMinute, phases, stopRules, retry, connectionRequest}. "
                + "Membership is resolved when it starts.")
            .Accepts<JsonObject>("application/json");
        api.MapGet("/campaigns", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns, newest first (limit ≤ 1000).");
        api.MapGet("/campaigns/{id:long}", GetAsync).WithName("GetCampaign").WithSummary("One campaign: status, stopReason, exact counts, the request echoed.");
        api.MapGet("/campaigns/{id:long}/devices", DevicesAsync).WithName("ListCampaignDevices")
            .WithSummary("The campaign's devices in selection order: state, attempts, lastFault, reason. Filter: state; paging: limit (≤1000), offset.");
        api.MapPost("/campaigns/{id:long}/pause", PauseAsync).WithName("PauseCampaign")
            .WithSummary("Pause: nothing new is queued and Downloads not yet sent are withdrawn. 409 unless scheduled or running.");
        api.MapPost("/campaigns/{id:long}/resume", ResumeAsync).WithName("ResumeCampaign").WithSummary("Resume a paused campaign. 409 unless paused.");
        api.MapPost("/campaigns/{id:long}/cancel", CancelAsync).WithName("CancelCampaign")
            .WithSummary("Cancel: Downloads not yet sent are withdrawn; those in flight finish and are recorded. 409 when already finished.");
        api.MapGet("/campaigns/{id:long}/events", EventsAsync).WithName("CampaignEvents")
            .WithSummary("text/event-stream: 'progress' with the campaign at once and on every change (at most ~4/s); 'end' when it is completed, stopped or cancelled.");
        return api;
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpRequest request, CampaignService service,
        CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: ApiJson.Document, cancellationToken: cancellationToken) as JsonObject
                ?? throw new JsonException("the body must be a JSON object such as {\"name\":…,\"firmwareId\":…,\"selector\":{…}}");
        }
        catch (JsonException ex)
        {
            return ApiProblems.Invalid("body", $"The body is not a valid campaign: {ex.Message}");
        }
        if (request.HttpContext.User.Operator() is { Scope.IsRestricted: true } caller
            && !(body["selector"] is JsonObject selector && selector["tags"] is JsonArray tags
                && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var tag) && caller.Scope.AllowsTag(tag))))
        {
            return ApiAccessFilter.Forbidden($"'{caller.Actor}' is limited to the tags {ApiAccessFilter.Tags(caller.Scope)}: a campaign's selector.tags must "
                + "include one of them, so that it selects only devices inside the scope.");
        }
        try
        {
            var campaign = await service.CreateAsync(body, cancellationToken);
            return TypedResults.Created($"/api/campaigns/{campaign.Id}", campaign);
        }
        catch (CampaignValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<CampaignView>>, ValidationProblem>> ListAsync(HttpContext http, string? limit, CampaignService service,
        CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, 100, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        var scope = http.User.Operator()?.Scope ?? Operators.OperatorScope.All;
        var campaigns = await service.ListAsync(take, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CampaignView>>(scope.IsRestricted ? [.. campaigns.Where(c => ApiAccessFilter.CampaignVisible(scope, c.Selector))] : campaigns);
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetAsync(long id, CampaignService service, CancellationToken cancellationToken)
        => await service.GetAsync(id, cancellationToken) is { } campaign ? TypedResults.Ok(campaign) : NotFound(id);

    private static async Task<Results<Ok<List<CampaignDeviceView>>, ProblemHttpResult, ValidationProblem>> DevicesAsync(long id, string? state,
        string? limit, string? offset, CampaignStore store, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(state) && !_states.Contains(state, StringComparer.Ordinal))
        {
            return ApiProblems.Invalid("state", $"'state' must be one of {string.Join(", ", _states)}, got '{state}'.");
        }
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, 100, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (!QueryValues.TryInt(offset, "offset", 0, int.MaxValue, 0, out var skip, out error))
        {
            return ApiProblems.Invalid("offset", error!);
        }
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var rows = await store.ListDevicesAsync(id, string.IsNullOrEmpty(state) ? null : state, take, skip, cancellationToken);
        return TypedResults.Ok(rows.Select(CampaignDeviceView.From).ToList());
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> PauseAsync(long id, CampaignService service, CancellationToken cancellationToken)
        => Outcome(id, await service.PauseAsync(id, cancellationToken), "paused");

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> ResumeAsync(long id, CampaignService service, CancellationToken cancellationToken)
        => Outcome(id, await service.ResumeAsync(id, cancellationToken), "resumed");

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> CancelAsync(long id, CampaignService service, CancellationToken cancellationToken)
        => Outcome(id, await service.CancelAsync(id, cancellationToken), "cancelled");

    private static Results<Ok<CampaignView>, ProblemHttpResult> Outcome(long id, CampaignService.ActionResult result, string action)
        => result.NotFound ? NotFound(id)
            : result.Conflict is { } conflict ? TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: $"Campaign cannot be {action}")
            : TypedResults.Ok(result.Campaign!);

    // Server-sent events (WHATWG HTML §9.2): "event: progress" with the campaign as data, at once and on each change.
    private static async Task EventsAsync(long id, HttpContext http, CampaignService service, CampaignEvents events,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(id, cancellationToken) is null)
        {
            await NotFound(id).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var serializer = json.Value.SerializerOptions;
        string? last = null;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (true)
            {
                var change = events.NextChange(id);
                if (await service.GetAsync(id, cancellationToken) is not { } campaign)
                {
                    return;
                }
                var data = JsonSerializer.Serialize(campaign, serializer);
                if (data != last)
                {
                    await WriteAsync(http, "progress", data, cancellationToken);
                    last = data;
                    quietSince = DateTime.UtcNow;
                }
                if (CampaignStatus.IsFinal(campaign.Status))
                {
                    await WriteAsync(http, "end", data, cancellationToken);
                    return;
                }
                if (DateTime.UtcNow - quietSince > _keepAlive)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTime.UtcNow;
                }
                await Task.WhenAny(change, Task.Delay(_poll, cancellationToken));
                await Task.Delay(_coalesce, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, string name, string data, CancellationToken cancellationToken)
    {
        var frame = new StringBuilder().Append("event: ").Append(name).Append('\n').Append("data: ").Append(data).Append("\n\n").ToString();
        await http.Response.WriteAsync(frame, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static ProblemHttpResult NotFound(long id)
        => TypedResults.Problem($"No campaign with id {id} exists; GET /api/campaigns lists them.", statusCode: StatusCodes.Status404NotFound,
            title: "Unknown campaign");
}
