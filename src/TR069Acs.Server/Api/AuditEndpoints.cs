using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>GET /api/audit</c> (admin): the audit trail, newest first. There is no way to change or delete an entry
/// through the API; entries past <c>Acs:Audit:RetentionDays</c> are deleted by the server.</summary>
internal static class AuditEndpoints
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAsync).WithName("GetAudit").RequireRole(OperatorRole.Admin)
            .WithSummary("Audit entries newest first (admin): filters actor, since, until (ISO 8601); paging: limit (≤1000) and before "
                + "(from the Link: rel=\"next\" header).");
        return api;
    }

    private static async Task<IResult> QueryAsync(HttpContext http, AuditLog audit, string? actor, string? since, string? until, string? limit, string? before,
        CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, 100, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (!TryTime(since, out var from))
        {
            return ApiProblems.Invalid("since", $"'since' must be an ISO 8601 time such as 2026-12-01T00:00:00Z, got '{since}'.");
        }
        if (!TryTime(until, out var to))
        {
            return ApiProblems.Invalid("until", $"'until' must be an ISO 8601 time such as 2026-12-31T00:00:00Z, got '{until}'.");
        }
        long? beforeId = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ApiProblems.Invalid("before", $"'before' must be an entry id from a previous page, got '{before}'.");
            }
            beforeId = id;
        }
        var rows = await audit.QueryAsync(string.IsNullOrEmpty(actor) ? null : actor, from, to, beforeId, take, cancellationToken);
        if (rows.Count == take)
        {
            var next = new StringBuilder("/api/audit?limit=").Append(take).Append("&before=").Append(rows[^1].Id);
            foreach (var (name, value) in new[] { ("actor", actor), ("since", since), ("until", until) })
            {
                if (!string.IsNullOrEmpty(value))
                {
                    next.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
                }
            }
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }
        return TypedResults.Ok(rows);
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }
}
