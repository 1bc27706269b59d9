namespace TR069Acs.Cwmp;

/// <summary>Reboot; the CPE comes back with <c>1 BOOT</c> and <c>M Reboot</c> carrying the CommandKey.</summary>
public sealed record Reboot(string CommandKey) : CwmpMessage
{
    public override string ElementName => "Reboot";
}

/// <summary>RebootResponse (empty).</summary>
public sealed record RebootResponse : CwmpMessage
{
    public override string ElementName => "RebootResponse";
}
