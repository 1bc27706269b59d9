namespace TR069Acs.Cwmp;

/// <summary>GetParameterValues. A name ending in "." asks for the whole subtree.</summary>
public sealed record GetParameterValues(IReadOnlyList<string> ParameterNames) : CwmpMessage
{
    public override string ElementName => "GetParameterValues";
}

/// <summary>GetParameterValuesResponse.</summary>
public sealed record GetParameterValuesResponse(IReadOnlyList<ParameterValue> ParameterList) : CwmpMessage
{
    public override string ElementName => "GetParameterValuesResponse";
}
