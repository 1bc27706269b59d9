namespace TR069Acs.Cwmp;

/// <summary>One SOAP envelope: the CWMP header and exactly one message in the body.</summary>
/// <param name="Version">The CWMP namespace the envelope was (or is to be) written in.</param>
/// <param name="Header">The cwmp header elements.</param>
/// <param name="Body">The single RPC request, response or fault in the SOAP body.</param>
public sealed record CwmpEnvelope(CwmpVersion Version, CwmpHeader Header, CwmpMessage Body);
