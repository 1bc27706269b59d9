namespace TR069Acs.Cwmp;

/// <summary>AddObject: creates an instance of a multi-instance object; ObjectName ends in ".".</summary>
public sealed record AddObject(string ObjectName, string ParameterKey) : CwmpMessage
{
    public override string ElementName => "AddObject";
}

/// <summary>AddObjectResponse.</summary>
public sealed record AddObjectResponse(uint InstanceNumber, int Status) : CwmpMessage
{
    public override string ElementName => "AddObjectResponse";
}
