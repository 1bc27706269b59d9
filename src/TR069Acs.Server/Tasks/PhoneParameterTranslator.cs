using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Server.Tasks;

/// <summary>
/// Accepts the phone's flat names (<c>GPP_A</c>, <c>User_ID_1_</c>, <c>Resync_Periodic</c>) wherever the API takes a
/// parameter name, for the Cisco models of the catalogue. A flat name becomes its
/// <c>Device.X_CISCO_COM_FlatProfile.&lt;Name&gt;</c> path, which carries the flat value verbatim: a standard path
/// may carry only part of it (<c>Proxy_1_</c> is host and port, two TR-104 parameters). Names with a dot are
/// TR-069 paths and pass through unchanged.
/// </summary>
public sealed class PhoneParameterTranslator(PhoneMapping mapping) : ITaskParameterTranslator
{
    /// <inheritdoc />
    public bool TryTranslate(TaskTranslationContext device, string name, out string path, out string? error)
    {
        path = name;
        error = null;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return true;
        }

        if (!mapping.TryForModel(device.ProductClass, out var model))
        {
            error = $"'{name}' is not a TR-069 path, and flat parameter names are understood only for the phone models " +
                    $"of the catalogue ({string.Join(", ", mapping.Catalogue.Models.Select(m => m.Name))}); " +
                    $"device {device.DeviceId} is a '{device.ProductClass}': give the full TR-069 path.";
            return false;
        }
        if (!model.TryResolve(name, out var resolved))
        {
            error = model.DescribeUnknown(name);
            return false;
        }
        path = model.GetFlatProfilePath(resolved.Parameter).Path;
        return true;
    }

    /// <summary>The flat name behind a stored TR-069 path of a device of <paramref name="productClass"/>, if it maps to one.</summary>
    public string? FlatNameOf(string productClass, string path) =>
        mapping.TryForModel(productClass, out var model) && model.TryGetPath(path, out var mapped) ? mapped.Parameter.Name : null;
}
