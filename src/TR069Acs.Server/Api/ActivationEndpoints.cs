using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Provisioning;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/activation-codes</c>: single-use codes for retail provisioning. A code is returned once, when created;
/// listings show its id and prefix.</summary>
internal static class ActivationEndpoints
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapActivationCodes(this RouteGroupBuilder api)
    {
        api.MapPost("/activation-codes", CreateAsync).WithName("CreateActivationCodes")
            .WithSummary("Create codes: {\"count\",\"expiresInSeconds\"|\"expires\",\"tag\",\"account\",\"scope\":{\"kind\",\"name\"},\"profileRule\"}. The codes are in this answer only.")
            .Accepts<JsonObject>("application/json");
        api.MapGet("/activation-codes", ListAsync).WithName("ListActivationCodes")
            .WithSummary("Codes newest first (without the code): filters state (unused|used|expired|revoked), tag, account; limit (≤1000) and offset.");
        api.MapGet("/activation-codes/{id}", GetAsync).WithName("GetActivationCode").WithSummary("One code (without the code itself).");
        api.MapDelete("/activation-codes/{id}", RevokeAsync).WithName("RevokeActivationCode")
            .WithSummary("Revoke an unused code (200 with the code's state); a used code stays bound (409).");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ActivationCodeService codes, ConfigService config, AcsOptions options,
        CancellationToken cancellationToken)
    {
        ActivationCodeRequest parsed;
        try
        {
            parsed = ActivationCodeRequest.Parse(await ReadAsync(request, cancellationToken), codes.Now, options.Activation, config);
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        var created = await codes.CreateAsync(parsed, cancellationToken);
        return TypedResults.Created("/api/activation-codes", new CreatedBody(created.Count, ApiTime.From(parsed.Expires), parsed.Tag, parsed.Account,
            parsed.Scope?.ToString(), parsed.ProfileRule, [.. created.Select(c => new CodeBody(c.Id, c.Code, c.Prefix))]));
    }

    private static async Task<IResult> ListAsync(ActivationCodeService codes, string? state, string? tag, string? account, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, 100, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (!QueryValues.TryInt(offset, "offset", 0, int.MaxValue, 0, out var skip, out error))
        {
            return ApiProblems.Invalid("offset", error!);
        }
        ActivationCodeState? filter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<ActivationCodeState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || state.Any(char.IsDigit))
            {
                return ApiProblems.Invalid("state", $"'state' must be unused, used, expired or revoked, got '{state}'.");
            }
            filter = parsed;
        }
        var now = codes.Now;
        var rows = await codes.ListAsync(filter, Empty(tag), Empty(account), take, skip, cancellationToken);
        return TypedResults.Ok(rows.Select(r => Item(r, now)).ToList());
    }

    private static async Task<IResult> GetAsync(string id, ActivationCodeService codes, CancellationToken cancellationToken)
    {
        if (!TryId(id, out var number, out var problem))
        {
            return problem;
        }
        return await codes.GetAsync(number, cancellationToken) is { } row ? TypedResults.Ok(Item(row, codes.Now)) : NotFound(id);
    }

    private static async Task<IResult> RevokeAsync(string id, ActivationCodeService codes, CancellationToken cancellationToken)
    {
        if (!TryId(id, out var number, out var problem))
        {
            return problem;
        }
        var (row, revoked) = await codes.RevokeAsync(number, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }
        if (!revoked && row.Used is not null && row.Revoked is null)
        {
            return TypedResults.Problem(
                $"Activation code {number} was used{(row.DeviceId is null ? "" : " by device " + row.DeviceId)}; revoking it would not unbind the device. Change the device's tags or configuration instead.",
                statusCode: StatusCodes.Status409Conflict, title: "Activation code is used");
        }
        return TypedResults.Ok(Item(row, codes.Now));
    }

    private static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(text, documentOptions: ApiJson.Document) as JsonObject
                ?? throw new ConfigValidationException("body", "The body must be a JSON object such as {\"count\":10,\"tag\":\"acme\",\"expiresInSeconds\":86400}.");
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException("body", $"The body is not JSON: {ex.Message}");
        }
    }

    private static bool TryId(string id, out long number, out IResult problem)
    {
        problem = null!;
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0)
        {
            return true;
        }
        problem = ApiProblems.Invalid("id", $"'id' must be the number of an activation code as listed by GET /api/activation-codes, got '{id}'.");
        return false;
    }

    private static IResult NotFound(string id)
        => TypedResults.Problem($"No activation code with id {id} exists.", statusCode: StatusCodes.Status404NotFound, title: "Unknown activation code");

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ItemBody Item(ActivationCodeRow row, long now)
        => new(row.Id, row.Prefix, row.StateAt(now).ToString().ToLowerInvariant(), row.Tag, row.Account,
            row.ScopeKind switch { null => null, "global" => "global", var kind => $"{kind}:{row.ScopeKey}" },
            row.ProfileRule, ApiTime.From(row.Created), ApiTime.From(row.Expires), ApiTime.From(row.Used), row.UsedFrom, row.DeviceId, ApiTime.From(row.Revoked));

    private sealed record CodeBody(long Id, string Code, string Prefix);

    private sealed record CreatedBody(int Count, DateTimeOffset Expires, string? Tag, string? Account, string? Scope, string? ProfileRule,
        IReadOnlyList<CodeBody> Codes);

    private sealed record ItemBody(long Id, string Prefix, string State, string? Tag, string? Account, string? Scope, string? ProfileRule,
        DateTimeOffset Created, DateTimeOffset Expires, DateTimeOffset? Used, string? UsedFrom, string? BoundDevice, DateTimeOffset? Revoked);
}
