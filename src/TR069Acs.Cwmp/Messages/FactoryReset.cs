namespace TR069Acs.Cwmp;

/// <summary>FactoryReset; the CPE comes back with <c>0 BOOTSTRAP</c>.</summary>
public sealed record FactoryReset : CwmpMessage
{
    public override string ElementName => "FactoryReset";
}

/// <summary>FactoryResetResponse (empty).</summary>
public sealed record FactoryResetResponse : CwmpMessage
{
    public override string ElementName => "FactoryResetResponse";
}
