namespace TR069Acs.Provisioning.Mapping;

/// <summary>The root data model object a device uses.</summary>
public enum Tr069Root
{
    /// <summary><c>Device.</c> (TR-106/TR-181 Device:1/2).</summary>
    Device,

    /// <summary><c>InternetGatewayDevice.</c> (TR-098).</summary>
    InternetGatewayDevice,
}

/// <summary>Prefixes of <see cref="Tr069Root"/>.</summary>
public static class Tr069Roots
{
    /// <summary><c>Device.</c></summary>
    public const string DevicePrefix = "Device.";

    /// <summary><c>InternetGatewayDevice.</c></summary>
    public const string InternetGatewayDevicePrefix = "InternetGatewayDevice.";

    /// <summary>The vendor object under the root that exposes every flat parameter by name.</summary>
    public const string FlatProfileObject = "X_CISCO_COM_FlatProfile.";

    /// <summary>The prefix of <paramref name="root"/>, with its trailing dot.</summary>
    public static string Prefix(Tr069Root root) => root == Tr069Root.Device ? DevicePrefix : InternetGatewayDevicePrefix;

    /// <summary>The root a path starts with, if any.</summary>
    public static bool TryGetRoot(string path, out Tr069Root root)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith(DevicePrefix, StringComparison.Ordinal))
        {
            root = Tr069Root.Device;
            return true;
        }

        root = Tr069Root.InternetGatewayDevice;
        return path.StartsWith(InternetGatewayDevicePrefix, StringComparison.Ordinal);
    }
}
