using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Cwmp;

/// <summary>Answers the requests an ACS sends during a session.</summary>
internal interface ICwmpRequestHandler
{
    /// <summary>The response to <paramref name="request"/>, or a <see cref="CwmpFault"/> (9000 for a method the CPE
    /// does not support).</summary>
    CwmpMessage Handle(CwmpMessage request);

    /// <summary>True once the phone has agreed to go away (Reboot, FactoryReset): its requests then ask the ACS to
    /// close the connection.</summary>
    bool CloseConnection { get; }
}
