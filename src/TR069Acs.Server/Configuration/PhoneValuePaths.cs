using System.Collections.Concurrent;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Server.Configuration;

/// <summary>The flat ↔ TR-069 side of the desired state: the path a flat value is set on under a phone's root, and the
/// flat value a TR-069 value (Inform, GetParameterValues answer, SetParameterValues) stands for.</summary>
internal sealed class PhoneValuePaths(PhoneMapping mapping)
{
    // TR-069 3.4.4 credentials of the phone itself: the session binding sets them per device (DESIGN §4a), never a scope.
    private static readonly string[] _ownCredentials =
        ["ManagementServer.Username", "ManagementServer.Password", "ManagementServer.ConnectionRequestUsername", "ManagementServer.ConnectionRequestPassword"];

    private readonly ConcurrentDictionary<string, HashSet<string>> _excluded = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The path that sets <paramref name="name"/> verbatim on a <paramref name="model"/> informing under
    /// <paramref name="root"/> (<c>Device.X_CISCO_COM_FlatProfile.User_ID_1_</c>); null when the model has no such
    /// parameter (a line it lacks).</summary>
    public string? SetPath(string model, Tr069Root root, string name)
    {
        if (!mapping.TryForModel(model, out var modelMapping))
        {
            return Tr069Roots.Prefix(root) + Tr069Roots.FlatProfileObject + name;
        }
        return modelMapping.Parameters.TryGet(name, out var parameter) ? modelMapping.GetFlatProfilePath(parameter, root).Path : null;
    }

    /// <summary>True for the flat names behind the phone's own ACS and Connection Request credentials: the ACS sets those
    /// per device when it binds the phone, so a scope's value for them is not reconciled.</summary>
    public bool IsOwnCredential(string model, string name)
        => _excluded.GetOrAdd(model, m =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (mapping.TryForModel(m, out var modelMapping))
            {
                foreach (var path in _ownCredentials)
                {
                    if (modelMapping.TryGetPath(Tr069Roots.DevicePrefix + path, out var mapped))
                    {
                        names.Add(mapped.Parameter.Name);
                    }
                }
            }
            return names;
        }).Contains(name);

    /// <summary>The flat name and value a TR-069 value of a <paramref name="model"/> stands for; false for paths that
    /// carry only part of a flat value (host or port of <c>Proxy_n_</c>), read another parameter as a fallback, or
    /// are not mapped. Secrets are returned only when <paramref name="withSecrets"/> (a read returns them empty).</summary>
    public bool TryFlat(string model, ParameterValue value, bool withSecrets, out string name, out string flatValue)
    {
        name = flatValue = "";
        if (!mapping.TryForModel(model, out var modelMapping))
        {
            if (!Tr069Roots.TryGetRoot(value.Name, out var root))
            {
                return false;
            }
            var prefix = Tr069Roots.Prefix(root) + Tr069Roots.FlatProfileObject;
            if (!value.Name.StartsWith(prefix, StringComparison.Ordinal) || value.Name.Length == prefix.Length)
            {
                return false;
            }
            (name, flatValue) = (value.Name[prefix.Length..], value.Value);
            return true;
        }
        if (!modelMapping.TryGetPath(value.Name, out var mapped) || mapped.IsPartial || mapped.ReadFallback is not null
            || (mapped.IsSecret && !withSecrets))
        {
            return false;
        }
        if (!modelMapping.TryToFlat(mapped, value.Value, null, out var assignment, out _))
        {
            return false;
        }
        (name, flatValue) = (assignment.Parameter.Name, assignment.Value);
        return true;
    }
}
