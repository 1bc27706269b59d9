namespace TR069Acs.Provisioning.Mapping;

/// <summary>How a flat value becomes a TR-069 value and back (DESIGN §7).</summary>
public enum Tr069Conversion
{
    /// <summary>The same text on both sides.</summary>
    None,

    /// <summary><c>Yes</c>/<c>No</c> ↔ xsd:boolean <c>true</c>/<c>false</c> (<c>1</c>/<c>0</c> accepted on writes).</summary>
    Boolean,

    /// <summary><c>Yes</c>/<c>No</c> ↔ <c>Enabled</c>/<c>Disabled</c> (TR-104 Line.{i}.Enable).</summary>
    EnabledDisabled,

    /// <summary>The host part of a <c>host[:port]</c> flat value (TR-104 SIP.ProxyServer).</summary>
    Host,

    /// <summary>The port part of a <c>host[:port]</c> flat value, or the binding's default port (SIP.ProxyServerPort).</summary>
    Port,
}
