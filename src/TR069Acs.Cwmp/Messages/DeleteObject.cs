namespace TR069Acs.Cwmp;

/// <summary>DeleteObject: removes one instance; ObjectName is "Path.{i}.".</summary>
public sealed record DeleteObject(string ObjectName, string ParameterKey) : CwmpMessage
{
    public override string ElementName => "DeleteObject";
}

/// <summary>DeleteObjectResponse.</summary>
public sealed record DeleteObjectResponse(int Status) : CwmpMessage
{
    public override string ElementName => "DeleteObjectResponse";
}
