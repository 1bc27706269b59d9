namespace TR069Acs.Cwmp;

/// <summary>SetParameterAttributes.</summary>
public sealed record SetParameterAttributes(IReadOnlyList<SetParameterAttribute> ParameterList) : CwmpMessage
{
    public override string ElementName => "SetParameterAttributes";
}

/// <summary>SetParameterAttributesResponse (empty).</summary>
public sealed record SetParameterAttributesResponse : CwmpMessage
{
    public override string ElementName => "SetParameterAttributesResponse";
}
