using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// Server-side template variables in profile values, filled per request: <c>{{cert.OU}} {{cert.L}} {{cert.S}}</c> is the
/// guides' CGI reflector (which echoed mod_ssl's <c>SSL_CLIENT_*_DN_*</c> into <c>GPP_D</c>) without a script.
/// Double braces never occur in the phone's own syntax, so <c>$MA</c>, <c>$(MA)</c> and <c>$A</c> pass through untouched
/// for the phone to expand.
/// </summary>
/// <remarks>
/// Variables (names in any case, spaces inside the braces allowed):
/// <c>cert.CN|O|OU|L|S|ST|C</c> and <c>cert.subject</c> (the verified client certificate; ST is S);
/// <c>request.remote|userAgent|scheme|fileName</c>; <c>device.id|serial|mac|model|oui|softwareVersion</c> (the device the
/// request identified; <c>mac</c> spelled as <c>$MA</c>). An absent value renders empty. Names are checked when a scope is
/// written (<see cref="Check"/>); a value stored otherwise with an unknown name renders it empty and logs it once.
/// </remarks>
internal static partial class ProfileTemplate
{
    private const string Open = "{{";
    private const string Close = "}}";
    private static readonly ConcurrentDictionary<string, byte> _reportedUnknown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The certificate attributes <c>cert.X</c> reads.</summary>
    public static IReadOnlyList<string> CertificateAttributes => DeviceCertificateSubject.ShortNames;

    /// <summary>Every variable name, as documented.</summary>
    public static IReadOnlyList<string> KnownVariables { get; } =
    [
        .. DeviceCertificateSubject.ShortNames.Select(a => "cert." + a), "cert.subject",
        "request.remote", "request.userAgent", "request.scheme", "request.fileName",
        "device.id", "device.serial", "device.mac", "device.model", "device.oui", "device.softwareVersion",
    ];

    /// <summary>True when <paramref name="value"/> contains a variable.</summary>
    public static bool HasVariables(string value) => value.Contains(Open, StringComparison.Ordinal);

    /// <summary>True for a known variable name (any case).</summary>
    public static bool IsKnown(string variable) => KnownVariables.Contains(variable, StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses a value with an unknown variable or an unclosed <c>{{</c>, and any variable in a reserved
    /// setting (they are not rendered there). Called when a configuration scope is written.</summary>
    /// <exception cref="ConfigValidationException">Names the variable and lists the known ones.</exception>
    public static void Check(string name, string? value, string field)
    {
        if (value is null || !HasVariables(value))
        {
            return;
        }
        if (ReservedKeys.IsReserved(name))
        {
            throw new ConfigValidationException(field, $"{name} cannot use template variables: they are filled only in served profile values.");
        }
        foreach (var (variable, error) in Variables(value))
        {
            if (error is not null)
            {
                throw new ConfigValidationException(field, $"Invalid template in {name}: {error}.");
            }
            if (!IsKnown(variable))
            {
                throw new ConfigValidationException(field,
                    $"Unknown template variable '{{{{{variable}}}}}' in {name}; known variables: {string.Join(", ", KnownVariables)}.");
            }
        }
    }

    /// <summary>The value with its variables filled from <paramref name="context"/>.</summary>
    public static string Render(string value, ProfileTemplateContext context, ILogger logger)
        => Render(value, context.Resolve, variable =>
        {
            if (_reportedUnknown.Count < 256 && _reportedUnknown.TryAdd(variable, 0))
            {
                Log.UnknownVariable(logger, variable);
            }
        });

    /// <summary>A device's value over TR-069 (SetParameterValues), where no request exists: <c>device.*</c> variables are
    /// filled; false when the value needs the request or certificate, so only a resync can deliver it.</summary>
    public static bool TryRenderForDevice(string value, DeviceRow device, out string rendered)
    {
        var needsRequest = false;
        rendered = Render(value, variable =>
        {
            if (variable.StartsWith("device.", StringComparison.OrdinalIgnoreCase))
            {
                return ProfileTemplateContext.Device(variable["device.".Length..], device);
            }
            needsRequest = true;
            return "";
        }, _ => { });
        return !needsRequest;
    }

    /// <summary>The configuration with every flat value rendered; the same instance when no value uses a variable.</summary>
    public static EffectiveConfig Apply(EffectiveConfig config, ProfileTemplateContext context, ILogger logger)
    {
        if (!config.Values.Values.Any(v => HasVariables(v.Value)))
        {
            return config;
        }
        // Each name has one winning value: applying them grouped by the scope they came from rebuilds the same layering.
        var rendered = new EffectiveConfig();
        foreach (var group in config.Values.Values.Concat(config.Settings.Values).GroupBy(v => v.Scope))
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in group)
            {
                values[value.Name] = !ReservedKeys.IsReserved(value.Name) && HasVariables(value.Value) ? Render(value.Value, context, logger) : value.Value;
            }
            rendered.Apply(group.Key, values);
        }
        return rendered;
    }

    private static string Render(string value, Func<string, string?> resolve, Action<string> unknown)
    {
        if (!HasVariables(value))
        {
            return value;
        }
        var sb = new StringBuilder(value.Length + 32);
        var position = 0;
        while (position < value.Length)
        {
            var open = value.IndexOf(Open, position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : value.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                sb.Append(value, position, value.Length - position);   // an unclosed "{{" stays literal
                break;
            }
            sb.Append(value, position, open - position);
            var variable = value[(open + Open.Length)..close].Trim();
            if (resolve(variable) is { } filled)
            {
                sb.Append(filled);
            }
            else
            {
                unknown(variable);
            }
            position = close + Close.Length;
        }
        return sb.ToString();
    }

    private static IEnumerable<(string Variable, string? Error)> Variables(string value)
    {
        var position = 0;
        while ((position = value.IndexOf(Open, position, StringComparison.Ordinal)) >= 0)
        {
            var close = value.IndexOf(Close, position + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                yield return ("", $"'{{{{' at position {position} has no closing '}}}}'");
                yield break;
            }
            yield return (value[(position + Open.Length)..close].Trim(), null);
            position = close + Close.Length;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(75, LogLevel.Warning, "A profile value uses the unknown template variable {{{{{Variable}}}}}: rendered empty (reported once)")]
        public static partial void UnknownVariable(ILogger logger, string variable);
    }
}
