using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// A factory phone activating with a code (retail provisioning, the guides' activation code onboarding): the code is
/// checked, the phone identified (and pre-registered when unknown), the code bound to it atomically (of two concurrent
/// uses exactly one wins), the device tagged with the code's tag and bound tag scope, and the phone served a flat profile
/// with the bound scope's values and its permanent <c>Profile_Rule</c>. The code is never logged; logs name its id.
/// </summary>
internal sealed partial class PhoneActivation(
    ActivationCodeStore codes,
    DeviceDirectory directory,
    ConfigService config,
    ConfigStore configStore,
    ProfileRenderer renderer,
    ProfileFetchStore fetches,
    ProvisioningUrls urls,
    ParameterCatalogue catalogue,
    TimeProvider time,
    ILogger<PhoneActivation> logger)
{
    /// <summary>Activates the phone <paramref name="request"/> comes from.</summary>
    public async Task<ActivationOutcome> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken)
    {
        if (!ActivationCode.TryNormalize(request.Code, out var code, out var codeError))
        {
            Log.Malformed(logger, request.Remote, codeError);
            return ActivationOutcome.Refused(StatusCodes.Status400BadRequest, $"Activation refused: 'code' is malformed: {codeError}.", isFailure: true);
        }
        string? mac = null;
        if (request.Mac is not null && !MacAddress.TryNormalize(request.Mac, out mac))
        {
            return ActivationOutcome.Refused(StatusCodes.Status400BadRequest,
                "Activation refused: 'mac' must be a MAC address of 12 hex digits (separators ':' or '-' allowed).", isFailure: false);
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await codes.GetByHashAsync(ActivationCode.Hash(code), cancellationToken);
        if (row is null)
        {
            Log.Unknown(logger, request.Remote);
            return ActivationOutcome.Refused(StatusCodes.Status403Forbidden, "Activation refused: the activation code is unknown.", isFailure: true);
        }
        if (Refusal(row, now, request.Remote) is { } refused)
        {
            return refused;
        }

        var agent = CiscoUserAgent.Parse(request.UserAgent, catalogue);
        var claim = DeviceClaim.From(mac, agent, catalogue);
        var device = await FindAsync(claim, cancellationToken);
        if (device is null && !claim.IsComplete)
        {
            Log.NotIdentified(logger, row.Id, request.Remote, claim.Missing);
            return ActivationOutcome.Refused(StatusCodes.Status400BadRequest,
                $"Activation refused: the phone is not identified; the request needs {claim.Missing}. The code was not used.", isFailure: false);
        }
        if (!await codes.ClaimAsync(row.Id, now, request.Remote, cancellationToken))
        {
            // Another activation took it between the check and the claim (or it expired or was revoked meanwhile).
            var current = await codes.GetAsync(row.Id, cancellationToken) ?? row;
            return Refusal(current, now, request.Remote) ?? ActivationOutcome.Refused(StatusCodes.Status403Forbidden,
                "Activation refused: the activation code has been used already.", isFailure: true);
        }
        try
        {
            device ??= await RegisterAsync(claim, cancellationToken);
            await codes.BindAsync(row.Id, device.Id, cancellationToken);
        }
        catch (Exception e) when (e is ConfigValidationException or DeviceConflictException)
        {
            await codes.ReleaseAsync(row.Id, CancellationToken.None);
            Log.RegistrationFailed(logger, row.Id, request.Remote, e.Message);
            return ActivationOutcome.Refused(StatusCodes.Status409Conflict, $"Activation refused: the phone cannot be registered: {e.Message} The code was not used.",
                isFailure: false);
        }
        catch
        {
            await codes.ReleaseAsync(row.Id, CancellationToken.None);
            throw;
        }

        var profile = await BindAsync(row, device, request, cancellationToken);
        await fetches.RecordAsync(new ProfileFetch(device.Id, now, request.Method, "prov/activate", request.Remote,
            request.UserAgent is { Length: > 512 } ua ? ua[..512] : request.UserAgent, agent?.Version, null), cancellationToken);
        Log.Activated(logger, row.Id, row.Prefix, device.Id, request.Remote);
        return new ActivationOutcome(profile, null, false);
    }

    // Tags the device and renders the activation profile: the bound scope's values and the permanent Profile_Rule.
    private async Task<byte[]> BindAsync(ActivationCodeRow row, DeviceRow device, ActivationRequest request, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(row);
        var tags = new SortedSet<string>(await configStore.GetTagsAsync(device.Id, cancellationToken), StringComparer.Ordinal);
        var before = tags.Count;
        if (row.Tag is not null)
        {
            tags.Add(row.Tag);
        }
        if (scope is { Kind: ConfigScopeKind.Tag } tagScope)
        {
            tags.Add(tagScope.Key);
        }
        if (tags.Count != before)
        {
            await config.SetTagsAsync(device, [.. tags], cancellationToken);
        }
        var profile = new EffectiveConfig();
        var scopeValues = scope is { } s ? await configStore.GetScopeAsync(s, cancellationToken) : [];
        if (scope is { } bound)
        {
            profile.Apply(bound, scopeValues);
        }
        var rule = row.ProfileRule
            ?? (scopeValues.TryGetValue("Profile_Rule", out var scoped) ? scoped : null)
            ?? urls.PermanentRule(request.Scheme, request.Host, request.Port);
        profile.Apply(new ConfigScope(ConfigScopeKind.Device, device.Id), new Dictionary<string, string>(StringComparer.Ordinal) { ["Profile_Rule"] = rule });
        // Template variables of the scope's values are filled from the device (the request's and certificate's render empty);
        // a factory phone has no key yet: the activation profile is never encrypted (reserved settings are not rendered).
        return renderer.RenderXml(ProfileTemplate.Apply(profile, new ProfileTemplateContext(null, device), logger), device.ProductClass);
    }

    private async Task<DeviceRow?> FindAsync(DeviceClaim claim, CancellationToken cancellationToken)
        => (claim.Mac is { } mac ? await directory.FindByMacAsync(mac, cancellationToken) : null)
            ?? (claim.Serial is { } serial ? await directory.FindBySerialAsync(serial, claim.Model, cancellationToken) : null);

    private async Task<DeviceRow> RegisterAsync(DeviceClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            return await directory.PreRegisterAsync(claim.Mac, claim.Serial, claim.Model, cancellationToken);
        }
        catch (DeviceConflictException conflict)
        {
            // The same phone registered meanwhile (auto-registration, the API); else its MAC or id belongs to another device.
            return await FindAsync(claim, cancellationToken) ?? throw new DeviceConflictException(conflict.Message);
        }
    }

    private ActivationOutcome? Refusal(ActivationCodeRow row, long now, string? remote)
    {
        var state = row.StateAt(now);
        var reason = state switch
        {
            ActivationCodeState.Used => "has been used already",
            ActivationCodeState.Expired => $"expired at {DateTimeOffset.FromUnixTimeMilliseconds(row.Expires):u}",
            ActivationCodeState.Revoked => "has been revoked",
            _ => null,
        };
        if (reason is null)
        {
            return null;
        }
        Log.Refused(logger, row.Id, state.ToString().ToLowerInvariant(), remote);
        return ActivationOutcome.Refused(StatusCodes.Status403Forbidden, $"Activation refused: the activation code {reason}.", isFailure: true);
    }

    private static ConfigScope? ScopeOf(ActivationCodeRow row) => row.ScopeKind switch
    {
        "global" => ConfigScope.Global,
        "model" => new ConfigScope(ConfigScopeKind.Model, row.ScopeKey ?? ""),
        "tag" => new ConfigScope(ConfigScopeKind.Tag, row.ScopeKey ?? ""),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(320, LogLevel.Information, "Activation: code {Id} ({Prefix}…) bound device {DeviceId} from {Remote}")]
        public static partial void Activated(ILogger logger, long id, string prefix, string deviceId, string? remote);

        [LoggerMessage(321, LogLevel.Warning, "Activation refused to {Remote}: code {Id} is {State}")]
        public static partial void Refused(ILogger logger, long id, string state, string? remote);

        [LoggerMessage(322, LogLevel.Warning, "Activation refused to {Remote}: unknown code")]
        public static partial void Unknown(ILogger logger, string? remote);

        [LoggerMessage(323, LogLevel.Warning, "Activation refused to {Remote}: malformed code ({Error})")]
        public static partial void Malformed(ILogger logger, string? remote, string error);

        [LoggerMessage(324, LogLevel.Warning, "Activation with code {Id} from {Remote}: the phone is not identified (missing {Missing}); the code stays unused")]
        public static partial void NotIdentified(ILogger logger, long id, string? remote, string missing);

        [LoggerMessage(325, LogLevel.Warning, "Activation with code {Id} from {Remote}: the phone cannot be registered ({Error}); the code stays unused")]
        public static partial void RegistrationFailed(ILogger logger, long id, string? remote, string error);
    }
}
