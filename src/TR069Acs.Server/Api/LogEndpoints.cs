using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Api.Models;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary>The syslog the phones sent (<c>Syslog_Server</c> = the ACS): per device, unattached, and the receiver's counters.</summary>
internal static class LogEndpoints
{
    private const int MaxLimit = 1000;
    private const int DefaultLimit = 100;

    public static RouteGroupBuilder MapLogs(this RouteGroupBuilder api)
    {
        api.MapGet("/devices/{id}/logs", DeviceLogsAsync).WithName("GetDeviceLogs")
            .WithSummary("A device's syslog messages, newest first. Filters: since (ISO 8601), severity (name or 0-7: that or more severe). "
                + "Paging: limit (≤1000) and before (an id), or the Link: rel=\"next\" header.");
        api.MapGet("/syslog/unattached", UnattachedAsync).WithName("GetUnattachedLogs")
            .WithSummary("Stored syslog messages that name no known device (and malformed datagrams), newest first; same filters and paging.");
        api.MapGet("/syslog/stats", Stats).WithName("GetSyslogStats")
            .WithSummary("Receiver counters since start: received, stored, shed (queue full), malformed, unattached, unverified (from another address than "
                + "the device's last known one: no status change), truncated, sinkFailures, pending.");
        return api;
    }

    private static async Task<Results<Ok<List<SyslogEntry>>, ProblemHttpResult, ValidationProblem>> DeviceLogsAsync(string id, HttpContext http,
        string? since, string? severity, string? limit, string? before, TaskService devices, SyslogStore store, CancellationToken cancellationToken)
    {
        var (query, problem) = Query(since, severity, limit, before);
        if (problem is not null)
        {
            return problem;
        }
        if (await devices.FindDeviceAsync(id, cancellationToken) is null)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        return await PageAsync(http, $"/api/devices/{Uri.EscapeDataString(id)}/logs", query! with { DeviceId = id }, since, severity, store, cancellationToken);
    }

    private static async Task<Results<Ok<List<SyslogEntry>>, ProblemHttpResult, ValidationProblem>> UnattachedAsync(HttpContext http,
        string? since, string? severity, string? limit, string? before, SyslogStore store, CancellationToken cancellationToken)
    {
        var (query, problem) = Query(since, severity, limit, before);
        return problem ?? (Results<Ok<List<SyslogEntry>>, ProblemHttpResult, ValidationProblem>)
            await PageAsync(http, "/api/syslog/unattached", query!, since, severity, store, cancellationToken);
    }

    private static async Task<Ok<List<SyslogEntry>>> PageAsync(HttpContext http, string path, SyslogQuery query, string? since, string? severity,
        SyslogStore store, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(query, cancellationToken);
        if (rows.Count == query.Limit)
        {
            var next = new StringBuilder(path).Append("?limit=").Append(query.Limit).Append("&before=").Append(rows[^1].Id);
            Append(next, "since", since);
            Append(next, "severity", severity);
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }
        return TypedResults.Ok(rows.Select(SyslogEntry.From).ToList());
    }

    private static Ok<SyslogStats> Stats(HttpContext http, SyslogSink sink)
    {
        var receiver = http.RequestServices.GetService<SyslogReceiverHostedService>()?.Receiver;
        var r = receiver?.Statistics;
        return TypedResults.Ok(new SyslogStats(receiver is not null, receiver?.LocalEndPoint.ToString(),
            r?.Received ?? 0, sink.Statistics.Stored, r?.Dropped ?? 0, r?.Malformed ?? 0, sink.Statistics.Unattached, sink.Statistics.Attached,
            sink.Statistics.Unverified, sink.Statistics.StatusEvents, r?.Truncated ?? 0, r?.SinkFailures ?? 0, r?.Pending ?? 0));
    }

    /// <summary>Validates the query; the problem names the parameter and what it expects.</summary>
    private static (SyslogQuery? Query, ValidationProblem? Problem) Query(string? since, string? severity, string? limit, string? before)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, DefaultLimit, out var take, out var error))
        {
            return (null, ApiProblems.Invalid("limit", error!));
        }
        long? sinceMs = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
                || !since.Contains('T', StringComparison.Ordinal))
            {
                return (null, ApiProblems.Invalid("since", $"'since' must be an ISO 8601 time such as 2025-03-10T11:00:00Z, got '{since}'."));
            }
            sinceMs = time.ToUnixTimeMilliseconds();
        }
        int? maxSeverity = null;
        if (!string.IsNullOrEmpty(severity))
        {
            if (!TrySeverity(severity, out var value))
            {
                return (null, ApiProblems.Invalid("severity",
                    $"'severity' must be 0-7 or one of emergency, alert, critical, error, warning, notice, informational, debug, got '{severity}'."));
            }
            maxSeverity = value;
        }
        long? beforeId = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                return (null, ApiProblems.Invalid("before", $"'before' must be a message id (a positive whole number) from a previous page, got '{before}'."));
            }
            beforeId = id;
        }
        return (new SyslogQuery(null, sinceMs, maxSeverity, beforeId, take), null);
    }

    // RFC 5424 6.2.1 names, with the usual short forms (syslog.conf: emerg, crit, err, warn, info).
    private static bool TrySeverity(string text, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return value <= 7;
        }
        value = text.ToLowerInvariant() switch
        {
            "emergency" or "emerg" => 0,
            "alert" => 1,
            "critical" or "crit" => 2,
            "error" or "err" => 3,
            "warning" or "warn" => 4,
            "notice" => 5,
            "informational" or "info" => 6,
            "debug" => 7,
            _ => -1,
        };
        return value >= 0;
    }

    private static void Append(StringBuilder sb, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    /// <summary>The receiver's and the store's counters since start.</summary>
    private sealed record SyslogStats(bool Enabled, string? EndPoint, long Received, long Stored, long Shed, long Malformed, long Unattached,
        long Attached, long Unverified, long StatusEvents, long Truncated, long SinkFailures, long Pending);
}
