namespace TR069Acs.Cwmp;

/// <summary>RequestDownload: the CPE asks the ACS for a file (TR-069 A.4.2.2).</summary>
public sealed record RequestDownload(string FileType, IReadOnlyList<ArgStruct> FileTypeArg) : CwmpMessage
{
    public override string ElementName => "RequestDownload";
}

/// <summary>RequestDownloadResponse (empty).</summary>
public sealed record RequestDownloadResponse : CwmpMessage
{
    public override string ElementName => "RequestDownloadResponse";
}
