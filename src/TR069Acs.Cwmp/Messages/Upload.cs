namespace TR069Acs.Cwmp;

/// <summary>Upload (TR-069 A.4.1.5). FileType is e.g. <c>1 Vendor Configuration File</c> or <c>2 Vendor Log File</c>.</summary>
public sealed record Upload(
    string CommandKey,
    string FileType,
    string Url,
    string Username = "",
    string Password = "",
    int DelaySeconds = 0) : CwmpMessage
{
    public override string ElementName => "Upload";
}

/// <summary>UploadResponse. Status 0: done; 1: a TransferComplete follows.</summary>
public sealed record UploadResponse(int Status, DateTimeOffset StartTime, DateTimeOffset CompleteTime) : CwmpMessage
{
    public override string ElementName => "UploadResponse";
}
