namespace TR069Acs.Cwmp;

/// <summary>The body of a CWMP envelope: an RPC request, its response, or a fault.</summary>
public abstract record CwmpMessage
{
    /// <summary>The element name in the SOAP body, e.g. <c>Inform</c> or <c>GetParameterValuesResponse</c>.</summary>
    public abstract string ElementName { get; }
}
