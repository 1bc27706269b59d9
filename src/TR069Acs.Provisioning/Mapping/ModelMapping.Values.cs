using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

public sealed partial class ModelMapping
{
    /// <summary>
    /// The TR-069 value of <paramref name="path"/>: secrets read as empty; Yes/No become true/false or
    /// Enabled/Disabled; host and port come out of <c>host:port</c> (the port defaulting to 5060); AuthUserName reads
    /// User_ID_n_ when Auth_ID_n_ is empty; the flat profile path gives the flat value verbatim.
    /// </summary>
    public string GetValue(MappedPath path, IFlatValueSource values)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(values);
        if (path.IsSecret)
        {
            return "";
        }

        var raw = Read(path.Parameter, values);
        switch (path.Conversion)
        {
            case Tr069Conversion.Boolean:
                return raw == "Yes" ? "true" : "false";
            case Tr069Conversion.EnabledDisabled:
                return raw == "Yes" ? "Enabled" : "Disabled";
            case Tr069Conversion.Host:
                return HostPort.TryParse(raw, out var host) ? host.Value.Host : "";
            case Tr069Conversion.Port:
                var port = HostPort.TryParse(raw, out var hp) ? hp.Value.PortOr(path.Binding!.DefaultPort) : path.Binding!.DefaultPort;
                return port.ToString(CultureInfo.InvariantCulture);
            default:
                return raw.Length == 0 && path.ReadFallback is { } fallback ? Read(fallback, values) : raw;
        }
    }

    /// <summary>The TR-069 value of a full path, if the model has it.</summary>
    public bool TryGetValue(string path, IFlatValueSource values, [NotNullWhen(true)] out string? value)
    {
        if (TryGetPath(path, out var mapped))
        {
            value = GetValue(mapped, values);
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Translates a TR-069 write into the flat value to store.</summary>
    /// <param name="path">The full path (either root).</param>
    /// <param name="value">The TR-069 value.</param>
    /// <param name="current">The phone's current values (needed to keep the port when the host changes and vice versa).</param>
    /// <param name="assignment">The validated, normalized flat write.</param>
    /// <param name="error">Unknown path (9005) or invalid value (9007).</param>
    public bool TryToFlat(string path, string value, IFlatValueSource? current, out FlatAssignment assignment, [NotNullWhen(false)] out MappingError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryGetPath(path, out var mapped))
        {
            assignment = default;
            error = new MappingError(path, MappingErrorKind.UnknownParameter, DescribeUnknown(path));
            return false;
        }

        return TryToFlat(mapped, value, current, out assignment, out error);
    }

    /// <inheritdoc cref="TryToFlat(string, string, IFlatValueSource?, out FlatAssignment, out MappingError?)"/>
    public bool TryToFlat(MappedPath path, string value, IFlatValueSource? current, out FlatAssignment assignment, [NotNullWhen(false)] out MappingError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        assignment = default;
        var parameter = path.Parameter;
        string? candidate;
        string? reason = null;
        switch (path.Conversion)
        {
            case Tr069Conversion.Boolean:
                candidate = value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" ? "Yes"
                    : value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0" ? "No"
                    : null;
                reason = "expected a boolean (true, false, 1 or 0)";
                break;
            case Tr069Conversion.EnabledDisabled:
                candidate = value == "Enabled" ? "Yes" : value == "Disabled" ? "No" : null;
                reason = value == "Quiescent"
                    ? "Quiescent is not supported: the phone's line is either Enabled or Disabled"
                    : "expected Enabled or Disabled";
                break;
            case Tr069Conversion.Host:
                candidate = MergeHost(value, Current(parameter, current), out reason);
                break;
            case Tr069Conversion.Port:
                candidate = MergePort(value, Current(parameter, current), path, out reason);
                break;
            default:
                candidate = value;
                break;
        }

        if (candidate is null)
        {
            error = new MappingError(path.Path, MappingErrorKind.InvalidValue, $"{path.Path}: {reason}");
            return false;
        }

        if (!parameter.Rule.TryNormalize(candidate, out var normalized, out var invalid))
        {
            error = new MappingError(path.Path, MappingErrorKind.InvalidValue, $"{path.Path} ({parameter.Name}): {invalid}");
            return false;
        }

        assignment = new FlatAssignment(parameter, normalized);
        error = null;
        return true;
    }

    /// <summary>
    /// Translates the parameters of one SetParameterValues. Writes see the batch's earlier writes, and port paths
    /// are translated after host paths, so <c>ProxyServer</c> and <c>ProxyServerPort</c> may come in either order.
    /// </summary>
    public SetTranslation TranslateSet(IEnumerable<KeyValuePair<string, string>> values, IFlatValueSource current)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(current);
        var pending = new Dictionary<FlatParameter, string>();
        var order = new List<FlatParameter>();
        var errors = new List<MappingError>();
        var overlay = new OverlaySource(pending, current);
        var ports = new List<(MappedPath Path, string Value)>();
        foreach (var (name, value) in values)
        {
            if (!TryGetPath(name, out var mapped))
            {
                errors.Add(new MappingError(name, MappingErrorKind.UnknownParameter, DescribeUnknown(name)));
            }
            else if (mapped.Conversion == Tr069Conversion.Port)
            {
                ports.Add((mapped, value));
            }
            else
            {
                Translate(mapped, value);
            }
        }

        foreach (var (mapped, value) in ports)
        {
            Translate(mapped, value);
        }

        return new SetTranslation([.. order.Select(p => new FlatAssignment(p, pending[p]))], errors);

        void Translate(MappedPath mapped, string value)
        {
            if (!TryToFlat(mapped, value, overlay, out var assignment, out var error))
            {
                errors.Add(error);
                return;
            }

            if (!pending.ContainsKey(assignment.Parameter))
            {
                order.Add(assignment.Parameter);
            }

            pending[assignment.Parameter] = assignment.Value;
        }
    }

    private static string Read(FlatParameter parameter, IFlatValueSource values) => values.GetValue(parameter) ?? parameter.Default;

    private static string Current(FlatParameter parameter, IFlatValueSource? values) => values?.GetValue(parameter) ?? parameter.Default;

    private static string? MergeHost(string host, string current, out string? reason)
    {
        reason = null;
        if (host.Length == 0)
        {
            return "";
        }

        if (!HostPort.TryParse(host, out var given))
        {
            reason = $"'{host}' is not a host name or IP address";
            return null;
        }

        // A host given with its own port replaces both; otherwise the current port stays.
        var port = given.Value.Port ?? (HostPort.TryParse(current, out var old) ? old.Value.Port : null);
        return (given.Value with { Port = port }).ToString();
    }

    private static string? MergePort(string portText, string current, MappedPath path, out string? reason)
    {
        reason = null;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            reason = $"'{portText}' is not a port number (1-65535)";
            return null;
        }

        var defaultPort = path.Binding!.DefaultPort;
        if (!HostPort.TryParse(current, out var hostPort))
        {
            if (port == defaultPort)
            {
                return current; // nothing to say: an empty setting already reports the default port
            }

            reason = $"{path.Parameter.Name} has no host yet; set the host path first";
            return null;
        }

        return (hostPort.Value with { Port = port == defaultPort && hostPort.Value.Port is null ? null : port }).ToString();
    }

    private sealed class OverlaySource(Dictionary<FlatParameter, string> pending, IFlatValueSource current) : IFlatValueSource
    {
        public string? GetValue(FlatParameter parameter) => pending.TryGetValue(parameter, out var value) ? value : current.GetValue(parameter);
    }
}
