using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Api.Models;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Operators;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/devices</c>: the device list, one device, its parameters and its faults.</summary>
internal static class DeviceEndpoints
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapDevices(this RouteGroupBuilder api)
    {
        api.MapGet("/devices", ListAsync).WithName("ListDevices")
            .WithSummary("Devices, ordered by id. Filters: productClass, softwareVersion, serialPrefix. Paging: limit (≤1000) with offset, or cursor from the Link: rel=\"next\" header.");
        api.MapGet("/devices/{id}", GetAsync).WithName("GetDevice").WithSummary("One device with its last Inform's events.");
        api.MapGet("/devices/{id}/parameters", ParametersAsync).WithName("GetDeviceParameters")
            .WithSummary("Stored parameters of a device whose names start with prefix.");
        api.MapGet("/devices/{id}/faults", FaultsAsync).WithName("GetDeviceFaults").WithSummary("Faults recorded for a device, newest first.");
        return api;
    }

    private static async Task<Results<Ok<List<DeviceSummary>>, ValidationProblem>> ListAsync(HttpContext http, DeviceStore devices, ConfigStore config,
        string? productClass, string? softwareVersion, string? serialPrefix, string? limit, string? offset, string? cursor,
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
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!TryDecodeCursor(cursor, out after))
            {
                return ApiProblems.Invalid("cursor", $"'cursor' must be the value from a previous page's Link header, got '{cursor}'.");
            }
            if (skip != 0)
            {
                return ApiProblems.Invalid("offset", "Use either 'offset' or 'cursor', not both.");
            }
        }
        var scope = http.User.Operator()?.Scope ?? OperatorScope.All;
        var rows = await devices.ListAsync(new DeviceQuery(Empty(productClass), Empty(softwareVersion), Empty(serialPrefix), take, skip, after, scope.Tags),
            cancellationToken);
        if (rows.Count == take)
        {
            var next = new StringBuilder("/api/devices?limit=").Append(take).Append("&cursor=").Append(EncodeCursor(rows[^1].Id));
            AppendFilter(next, "productClass", productClass);
            AppendFilter(next, "softwareVersion", softwareVersion);
            AppendFilter(next, "serialPrefix", serialPrefix);
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }
        var tags = await config.GetTagsAsync([.. rows.Select(r => r.Id)], cancellationToken);
        return TypedResults.Ok(rows.Select(d => DeviceSummary.From(d) with { Tags = tags.GetValueOrDefault(d.Id) ?? [] }).ToList());
    }

    private static async Task<Results<Ok<DeviceDetail>, ProblemHttpResult>> GetAsync(string id, TaskService service, ConfigStore config,
        Syslog.SyslogStore syslog, CancellationToken cancellationToken)
        => await service.FindDeviceAsync(id, cancellationToken) is { } device
            ? TypedResults.Ok(DeviceDetail.From(device) with
            {
                Tags = await config.GetTagsAsync(device.Id, cancellationToken),
                Provisioning = ProvisioningStatus.From(await syslog.GetStatusAsync(device.Id, cancellationToken)),
            })
            : ApiProblems.DeviceNotFound(id);

    private static async Task<Results<Ok<List<StoredParameter>>, ProblemHttpResult>> ParametersAsync(string id, string? prefix,
        TaskService service, ParameterStore parameters, PhoneParameterTranslator names, CancellationToken cancellationToken)
    {
        if (await service.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        var rows = await parameters.ListAsync(id, prefix, cancellationToken);
        return TypedResults.Ok(rows.Select(p => StoredParameter.From(p, names.FlatNameOf(device.ProductClass, p.Name))).ToList());
    }

    private static async Task<Results<Ok<List<FaultInfo>>, ProblemHttpResult, ValidationProblem>> FaultsAsync(string id, string? limit,
        TaskService service, TaskStore tasks, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(limit, "limit", 1, MaxLimit, 100, out var take, out var error))
        {
            return ApiProblems.Invalid("limit", error!);
        }
        if (await service.FindDeviceAsync(id, cancellationToken) is null)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        var rows = await tasks.ListFaultsAsync(id, take, cancellationToken);
        return TypedResults.Ok(rows.Select(FaultInfo.From).ToList());
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void AppendFilter(StringBuilder sb, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static string EncodeCursor(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeCursor(string cursor, out string? id)
    {
        id = null;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }
        id = Encoding.UTF8.GetString(bytes, 0, written);
        return id.Length > 0;
    }
}
