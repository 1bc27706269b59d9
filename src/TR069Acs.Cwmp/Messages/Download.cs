namespace TR069Acs.Cwmp;

/// <summary>Download (TR-069 A.3.2.8). FileType is e.g. <c>1 Firmware Upgrade Image</c> or <c>3 Vendor Configuration File</c>.</summary>
public sealed record Download(
    string CommandKey,
    string FileType,
    string Url,
    string Username = "",
    string Password = "",
    long FileSize = 0,
    string TargetFileName = "",
    int DelaySeconds = 0,
    string SuccessUrl = "",
    string FailureUrl = "") : CwmpMessage
{
    public override string ElementName => "Download";
}

/// <summary>DownloadResponse. Status 0: done; 1: a TransferComplete follows (times are then the unknown time).</summary>
public sealed record DownloadResponse(int Status, DateTimeOffset StartTime, DateTimeOffset CompleteTime) : CwmpMessage
{
    public override string ElementName => "DownloadResponse";
}
