using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Rules;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// The body of <c>POST /api/activation-codes</c>, validated: <c>count</c> (1 … <see cref="ActivationOptions.MaxCodesPerRequest"/>,
/// default 1), <c>expiresInSeconds</c> or <c>expires</c> (ISO 8601; default <see cref="ActivationOptions.DefaultExpirySeconds"/>),
/// <c>tag</c>, <c>account</c>, <c>scope</c> (<c>{"kind":"global|model|tag","name":…}</c>) and <c>profileRule</c>.
/// </summary>
internal sealed record ActivationCodeRequest(int Count, long Expires, string? Tag, string? Account, ConfigScope? Scope, string? ProfileRule)
{
    /// <summary>Longest lifetime a code may be given: ten years.</summary>
    public const long MaxLifetimeSeconds = 10L * 366 * 24 * 3600;

    private const int MaxAccountLength = 128;
    private static readonly string[] _members = ["count", "expiresInSeconds", "expires", "tag", "account", "scope", "profileRule"];

    /// <summary>Validates a request body.</summary>
    /// <exception cref="ConfigValidationException">A member is malformed or unknown; <see cref="ConfigValidationException.Field"/> names it.</exception>
    public static ActivationCodeRequest Parse(JsonObject body, long now, ActivationOptions options, ConfigService config)
    {
        foreach (var (name, _) in body)
        {
            if (!_members.Contains(name, StringComparer.Ordinal))
            {
                throw new ConfigValidationException(name, $"'{name}' is not a member of an activation code request; known: {string.Join(", ", _members)}.");
            }
        }
        var count = Integer(body, "count", 1, options.MaxCodesPerRequest) ?? 1;
        var expires = Expiry(body, now, options);
        var tag = Text(body, "tag") is { } t ? ConfigService.CheckTag(t, "tag") : null;
        var account = Text(body, "account");
        if (account is not null && (account.Trim().Length is 0 or > MaxAccountLength || account.Any(char.IsControl)))
        {
            throw new ConfigValidationException("account", $"'account' must be 1-{MaxAccountLength} printable characters.");
        }
        var rule = Text(body, "profileRule");
        if (rule is not null && !ProvisioningRule.TryParse(rule, out _, out var ruleError))
        {
            throw new ConfigValidationException("profileRule", $"'profileRule' is not a profile rule ([--key K] scheme://host[:port]/path): {ruleError.Message}.");
        }
        return new ActivationCodeRequest(count, expires, tag, account?.Trim(), ParseScope(body, config), rule?.Trim());
    }

    private static long Expiry(JsonObject body, long now, ActivationOptions options)
    {
        var seconds = Integer(body, "expiresInSeconds", 60, MaxLifetimeSeconds);
        var at = Text(body, "expires");
        if (seconds is not null && at is not null)
        {
            throw new ConfigValidationException("expires", "Give either 'expiresInSeconds' or 'expires', not both.");
        }
        if (at is null)
        {
            return now + ((seconds ?? options.DefaultExpirySeconds) * 1000);
        }
        if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new ConfigValidationException("expires", $"'expires' must be an ISO 8601 time such as 2030-01-31T00:00:00Z, got '{at}'.");
        }
        var ms = time.ToUnixTimeMilliseconds();
        if (ms <= now)
        {
            throw new ConfigValidationException("expires", $"'expires' ({at}) is not in the future.");
        }
        if (ms - now > MaxLifetimeSeconds * 1000)
        {
            throw new ConfigValidationException("expires", $"'expires' ({at}) is more than ten years away.");
        }
        return ms;
    }

    private static ConfigScope? ParseScope(JsonObject body, ConfigService config)
    {
        switch (body["scope"])
        {
            case null:
                return null;
            case JsonObject scope:
                var kind = Text(scope, "kind", "scope.kind")?.Trim().ToLowerInvariant();
                var name = Text(scope, "name", "scope.name");
                return kind switch
                {
                    "global" when name is null => ConfigScope.Global,
                    "global" => throw new ConfigValidationException("scope.name", "The global scope has no name; leave 'scope.name' out."),
                    "model" or "tag" when string.IsNullOrWhiteSpace(name)
                        => throw new ConfigValidationException("scope.name", $"A {kind} scope needs 'scope.name' (the {kind})."),
                    "model" => config.Scope(ConfigScopeKind.Model, name!),
                    "tag" => new ConfigScope(ConfigScopeKind.Tag, ConfigService.CheckTag(name!.Trim(), "scope.name")),
                    _ => throw new ConfigValidationException("scope.kind", $"'scope.kind' must be global, model or tag, got '{kind}'."),
                };
            default:
                throw new ConfigValidationException("scope", "'scope' must be an object such as {\"kind\":\"tag\",\"name\":\"acme\"}.");
        }
    }

    private static long? Integer(JsonObject body, string name, long min, long max)
    {
        if (body[name] is null)
        {
            return null;
        }
        if (body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var value) && value >= min && value <= max)
        {
            return value;
        }
        throw new ConfigValidationException(name, $"'{name}' must be a whole number from {min} to {max}, got {body[name]!.ToJsonString()}.");
    }

    private static int? Integer(JsonObject body, string name, int min, int max) => (int?)Integer(body, name, (long)min, max);

    private static string? Text(JsonObject body, string name, string? field = null)
        => body[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new ConfigValidationException(field ?? name, $"'{field ?? name}' must be a string."),
        };
}
