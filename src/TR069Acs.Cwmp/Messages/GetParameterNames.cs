namespace TR069Acs.Cwmp;

/// <summary>GetParameterNames. A path ending in "." names an object; NextLevel limits the answer to its children.</summary>
public sealed record GetParameterNames(string ParameterPath, bool NextLevel) : CwmpMessage
{
    public override string ElementName => "GetParameterNames";
}

/// <summary>GetParameterNamesResponse.</summary>
public sealed record GetParameterNamesResponse(IReadOnlyList<ParameterInfo> ParameterList) : CwmpMessage
{
    public override string ElementName => "GetParameterNamesResponse";
}
