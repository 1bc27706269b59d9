namespace TR069Acs.Cwmp;

/// <summary>GetParameterAttributes.</summary>
public sealed record GetParameterAttributes(IReadOnlyList<string> ParameterNames) : CwmpMessage
{
    public override string ElementName => "GetParameterAttributes";
}

/// <summary>GetParameterAttributesResponse.</summary>
public sealed record GetParameterAttributesResponse(IReadOnlyList<ParameterAttribute> ParameterList) : CwmpMessage
{
    public override string ElementName => "GetParameterAttributesResponse";
}
