using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Server.Tasks;

/// <summary>
/// Accepts the phone's flat names (<c>GPP_A</c>, <c>User_ID_1_</c>, <c>Resync_Periodic</c>) wherever the API takes a
/// parameter name, for the Cisco models of the catalogue. A flat name becomes its
/// <c>X_CISCO_COM_FlatProfile.&lt;Name&gt;</c> path under the root the device informs under (<c>Device.</c> or
/// <c>InternetGatewayDevice.</c>), which carries the flat value verbatim: a standard path may carry only part of it
/// (<c>Proxy_1_</c> is host and port, two TR-104 parameters). Names with a dot are TR-069 paths and pass through, except
/// that for these models both roots name the same data model (DESIGN §7): a path under the other root is sent under
/// the device's, so <c>Device.…</c> paths reach a phone that presents itself as an <c>InternetGatewayDevice</c>.
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
            if (Tr069Roots.TryGetRoot(name, out var given) && given != device.Root && mapping.TryForModel(device.ProductClass, out _))
            {
                path = Tr069Roots.Prefix(device.Root) + name[Tr069Roots.Prefix(given).Length..];
            }
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
        path = model.GetFlatProfilePath(resolved.Parameter, device.Root).Path;
        return true;
    }

    /// <summary>The flat name behind a stored TR-069 path of a device of <paramref name="productClass"/>, if it maps to one.</summary>
    public string? FlatNameOf(string productClass, string path) =>
        mapping.TryForModel(productClass, out var model) && model.TryGetPath(path, out var mapped) ? mapped.Parameter.Name : null;
}
