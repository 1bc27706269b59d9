namespace TR069Acs.Cwmp;

/// <summary>GetRPCMethods, sent in either direction.</summary>
public sealed record GetRPCMethods : CwmpMessage
{
    public override string ElementName => "GetRPCMethods";
}

/// <summary>GetRPCMethodsResponse: the methods the responder supports.</summary>
public sealed record GetRPCMethodsResponse(IReadOnlyList<string> MethodList) : CwmpMessage
{
    public override string ElementName => "GetRPCMethodsResponse";
}
