using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/devices/{id}/secure-provisioning</c>: secure two-stage provisioning of one device (the SPC flow).
/// The key is shown only when asked for with <c>?includeKey=true</c>; otherwise its fingerprint tells keys apart.</summary>
internal static class SecureProvisioningEndpoints
{
    public static RouteGroupBuilder MapSecureProvisioning(this RouteGroupBuilder api)
    {
        const string Pattern = "/devices/{id}/secure-provisioning";
        api.MapPost(Pattern, EnableAsync).WithName("EnableSecureProvisioning")
            .WithSummary("Turn secure two-stage provisioning on (new 256-bit key and random directory; 201), or with {\"rotate\":true} rotate both (200). ?includeKey=true shows the key.")
            .Accepts<JsonObject>("application/json");
        api.MapGet(Pattern, GetAsync).WithName("GetSecureProvisioning")
            .WithSummary("Whether secure provisioning is on, its directory, key fingerprint, generation and times. ?includeKey=true shows the key.");
        api.MapDelete(Pattern, DisableAsync).WithName("DisableSecureProvisioning")
            .WithSummary("Turn secure provisioning off: the device's usual profile name serves its full profile again (204).");
        return api;
    }

    private static async Task<IResult> EnableAsync(string id, HttpContext http, string? includeKey, TaskService tasks, SecureProvisioningService secure,
        ProvisioningUrls urls, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryBool(includeKey, "includeKey", out var showKey, out var error))
        {
            return ApiProblems.Invalid("includeKey", error!);
        }
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        bool rotate;
        try
        {
            rotate = await ReadRotateAsync(http.Request, cancellationToken);
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        var (state, created) = await secure.EnableAsync(device, rotate, cancellationToken);
        var body = Body(state, http, urls, showKey);
        return created ? TypedResults.Created($"/api/devices/{Uri.EscapeDataString(device.Id)}/secure-provisioning", body) : TypedResults.Ok(body);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, string? includeKey, TaskService tasks, SecureProvisioningService secure,
        ProvisioningUrls urls, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryBool(includeKey, "includeKey", out var showKey, out var error))
        {
            return ApiProblems.Invalid("includeKey", error!);
        }
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        return await secure.GetAsync(device, cancellationToken) is { } state
            ? TypedResults.Ok(Body(state, http, urls, showKey))
            : TypedResults.Ok(new StateBody(device.Id, false, null, null, null, null, null, null, null, null, null));
    }

    private static async Task<IResult> DisableAsync(string id, TaskService tasks, SecureProvisioningService secure, CancellationToken cancellationToken)
    {
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        await secure.DisableAsync(device, cancellationToken);
        return TypedResults.NoContent();
    }

    // The body is optional: nothing, {} or {"rotate": true|false}.
    private static async Task<bool> ReadRotateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: ApiJson.Document);
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException("body", $"The body must be empty or a JSON object such as {{\"rotate\":true}}: {ex.Message}");
        }
        if (node is not JsonObject body)
        {
            throw new ConfigValidationException("body", "The body must be empty or a JSON object such as {\"rotate\":true}.");
        }
        foreach (var (name, _) in body)
        {
            if (name != "rotate")
            {
                throw new ConfigValidationException(name, $"'{name}' is not a member of this request; the only member is 'rotate'.");
            }
        }
        return body["rotate"] switch
        {
            null => false,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw new ConfigValidationException("rotate", "'rotate' must be true or false."),
        };
    }

    private static StateBody Body(SecureProvisioningState state, HttpContext http, ProvisioningUrls urls, bool showKey)
        => new(state.DeviceId, true, state.Directory, SecureSecrets.Fingerprint(state.KeyText), showKey ? state.KeyText : null, state.Generation,
            ApiTime.From(state.Created), ApiTime.From(state.Rotated), ApiTime.From(state.FirstStageServed), ApiTime.From(state.SecondStageServed),
            urls.SecureRule(http.Request.Host.HasValue ? http.Request.Host.Host : null));

    /// <summary>The state as the API shows it.</summary>
    /// <param name="DeviceId">The device.</param>
    /// <param name="Enabled">Whether secure provisioning is on.</param>
    /// <param name="Directory">The random directory (the phone's GPP_B).</param>
    /// <param name="KeyFingerprint">sha256: and 16 hex digits of the key's SHA-256.</param>
    /// <param name="Key">The key (the phone's GPP_A), only with includeKey=true.</param>
    /// <param name="Generation">1, plus one per rotation.</param>
    /// <param name="Created">When it was turned on.</param>
    /// <param name="Rotated">When key and directory were last rotated.</param>
    /// <param name="FirstStageServed">When the device last fetched the first stage (of this generation).</param>
    /// <param name="SecondStageServed">When the device last fetched its encrypted profile (of this generation).</param>
    /// <param name="ProfileRule">The Profile_Rule the first stage hands out.</param>
    private sealed record StateBody(
        string DeviceId,
        bool Enabled,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Directory,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KeyFingerprint,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Generation,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Created,
        DateTimeOffset? Rotated,
        DateTimeOffset? FirstStageServed,
        DateTimeOffset? SecondStageServed,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProfileRule);
}
