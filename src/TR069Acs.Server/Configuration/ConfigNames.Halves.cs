using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Server.Configuration;

internal sealed partial class ConfigNames
{
    /// <summary>One half of a split flat value (the host or the port path of <c>Proxy_n_</c>) in a configuration write.</summary>
    private sealed record SplitHalf(MappedPath Path, ModelMapping Owner)
    {
        public string Input { get; init; } = "";

        public string Field { get; init; } = "";

        public string? Value { get; init; }
    }

    /// <summary>The host or port half named by <paramref name="path"/>, or null for any other path.</summary>
    private SplitHalf? HalfOf(string path, string field, ModelMapping? model)
    {
        var (mapped, owner) = Resolve(path, field, model);
        return mapped.Conversion is Tr069Conversion.Host or Tr069Conversion.Port ? new SplitHalf(mapped, owner) : null;
    }

    /// <summary>Joins host and port halves given in one write into whole flat values (TR-069 A.3.2.1 semantics: the
    /// order does not matter). A half without its other half is refused: it would merge into whatever value another
    /// scope sets.</summary>
    private static IEnumerable<(string FlatName, string Field, string? Value)> JoinHalves(List<SplitHalf> halves)
    {
        foreach (var group in halves.GroupBy(h => h.Path.Parameter.Name, StringComparer.Ordinal))
        {
            if (group.Count(h => h.Path.Conversion == Tr069Conversion.Host) > 1 || group.Count(h => h.Path.Conversion == Tr069Conversion.Port) > 1)
            {
                var twice = group.GroupBy(h => h.Path.Conversion).First(g => g.Count() > 1).ToList();
                throw new ConfigValidationException(twice[1].Field, $"'{twice[1].Input}' and '{twice[0].Input}' both set the same half of {group.Key}; give it once.");
            }
            var host = group.FirstOrDefault(h => h.Path.Conversion == Tr069Conversion.Host);
            var port = group.FirstOrDefault(h => h.Path.Conversion == Tr069Conversion.Port);
            var flatName = group.Key;
            if (host is null || port is null)
            {
                var given = (host ?? port)!;
                throw new ConfigValidationException(given.Field,
                    $"'{given.Input}' carries only part of the flat parameter {flatName}; configuration stores whole flat values: give the "
                    + $"{(host is null ? "host" : "port")} path in the same write, or set {flatName} (e.g. host:port) by its flat name "
                    + "or Device.X_CISCO_COM_FlatProfile." + flatName + ".");
            }
            if (host.Value is null || port.Value is null)
            {
                if (host.Value is not null || port.Value is not null)
                {
                    throw new ConfigValidationException(port.Field,
                        $"'{host.Input}' and '{port.Input}' are the two halves of {flatName}: remove both (null) or set both.");
                }
                yield return (flatName, host.Field, null);
                continue;
            }
            if (!host.Owner.TryToFlat(host.Path, host.Value.Trim(), null, out var withHost, out var hostError))
            {
                throw new ConfigValidationException(host.Field, $"Invalid value '{host.Value}' for {hostError.Message}.");
            }
            if (withHost.Value.Length == 0)
            {
                throw new ConfigValidationException(host.Field, $"'{host.Input}' is empty, so {flatName} has no host for the port '{port.Value}'.");
            }
            if (!port.Owner.TryToFlat(port.Path, port.Value.Trim(), new SingleValue(withHost), out var whole, out var portError))
            {
                throw new ConfigValidationException(port.Field, $"Invalid value '{port.Value}' for {portError.Message}.");
            }
            yield return (flatName, host.Field, whole.Value);
        }
    }

    /// <summary>The host half's flat value, for merging the port into it.</summary>
    private sealed class SingleValue(FlatAssignment assignment) : IFlatValueSource
    {
        public string? GetValue(FlatParameter parameter) => parameter.Ordinal == assignment.Parameter.Ordinal ? assignment.Value : null;
    }
}
