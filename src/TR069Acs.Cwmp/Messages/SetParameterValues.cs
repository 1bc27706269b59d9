namespace TR069Acs.Cwmp;

/// <summary>SetParameterValues: all or nothing; the CPE sets ParameterKey on success.</summary>
public sealed record SetParameterValues(IReadOnlyList<ParameterValue> ParameterList, string ParameterKey) : CwmpMessage
{
    public override string ElementName => "SetParameterValues";
}

/// <summary>SetParameterValuesResponse. Status 0: applied; 1: applied, takes effect after a reboot.</summary>
public sealed record SetParameterValuesResponse(int Status) : CwmpMessage
{
    public override string ElementName => "SetParameterValuesResponse";
}
