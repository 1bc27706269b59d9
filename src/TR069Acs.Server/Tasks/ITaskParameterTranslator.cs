using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Server.Tasks;

/// <summary>The device a task is being created for, as the translator sees it.</summary>
/// <param name="DeviceId">The ACS device id.</param>
/// <param name="ProductClass">The device's ProductClass (e.g. <c>CP-8841-3PCC</c>).</param>
/// <param name="SoftwareVersion">The SoftwareVersion of its last Inform, if known.</param>
/// <param name="Root">The root object the device informs under (<c>Device.</c> until it has informed).</param>
public sealed record TaskTranslationContext(string DeviceId, string ProductClass, string? SoftwareVersion,
    Tr069Root Root = Tr069Root.Device);

/// <summary>The one place where a parameter name given to the API becomes the TR-069 path sent to the device.
/// The default keeps names as they are; the phone mapping (flat names such as <c>GPP_A</c>) plugs in here.</summary>
public interface ITaskParameterTranslator
{
    /// <summary>Maps <paramref name="name"/> (a TR-069 path, a partial path ending in ".", or a vendor name) to the path
    /// to send. Returns false with a message a person can act on when the name means nothing for this device.</summary>
    bool TryTranslate(TaskTranslationContext device, string name, out string path, out string? error);
}

/// <summary>Names are TR-069 paths already: nothing to translate.</summary>
public sealed class IdentityParameterTranslator : ITaskParameterTranslator
{
    /// <inheritdoc />
    public bool TryTranslate(TaskTranslationContext device, string name, out string path, out string? error)
    {
        path = name;
        error = null;
        return true;
    }
}
