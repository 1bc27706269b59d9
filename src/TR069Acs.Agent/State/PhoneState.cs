using TR069Acs.Cwmp;

namespace TR069Acs.Agent.State;

/// <summary>Everything a phone keeps across restarts (its "flash"), persisted as one JSON file per phone.</summary>
internal sealed class PhoneState
{
    /// <summary>Format version of this file.</summary>
    public int Version { get; set; } = 1;

    public string Serial { get; set; } = "";

    /// <summary>The firmware version after an upgrade; null while the phone runs its factory firmware.</summary>
    public string? SoftwareVersion { get; set; }

    /// <summary>The <c>--acs</c> URL this state was provisioned with; another one on the command line re-provisions.</summary>
    public string? ProvisionedAcsUrl { get; set; }

    /// <summary>The ACS URL that acknowledged <c>0 BOOTSTRAP</c>; a different current URL means bootstrap again.</summary>
    public string? BootstrappedAcsUrl { get; set; }

    /// <summary>Consecutive failed sessions (the Inform's RetryCount).</summary>
    public int RetryCount { get; set; }

    public List<EventStruct> Events { get; set; } = [];

    /// <summary>TransferCompletes the ACS has not acknowledged yet.</summary>
    public List<TransferCompleteState> TransferCompletes { get; set; } = [];

    /// <summary>Accepted Download/Upload requests not carried out yet.</summary>
    public List<TransferJob> Transfers { get; set; } = [];

    /// <summary>ScheduleInform requests not due yet.</summary>
    public List<ScheduledInform> ScheduledInforms { get; set; } = [];

    public DataModelState Model { get; set; } = new();
}

/// <summary>A finished transfer to report (TR-069 A.3.3.2), repeated in every session until acknowledged.</summary>
internal sealed class TransferCompleteState
{
    public string CommandKey { get; set; } = "";

    /// <summary>"Download" or "Upload": decides between <c>M Download</c> and <c>M Upload</c>.</summary>
    public string Method { get; set; } = "Download";

    public int FaultCode { get; set; }

    public string FaultString { get; set; } = "";

    public DateTimeOffset StartTime { get; set; }

    public DateTimeOffset CompleteTime { get; set; }

    public TransferComplete ToMessage() => new(CommandKey, new FaultStruct(FaultCode, FaultString), StartTime, CompleteTime);
}

/// <summary>A ScheduleInform that is not due yet (TR-069 A.3.2.10).</summary>
internal sealed record ScheduledInform(DateTimeOffset Due, string CommandKey);

/// <summary>An accepted Download or Upload that has not run yet.</summary>
internal sealed class TransferJob
{
    /// <summary>"Download" or "Upload".</summary>
    public string Method { get; set; } = "Download";

    public string CommandKey { get; set; } = "";

    public string FileType { get; set; } = "";

    public string Url { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public long FileSize { get; set; }

    public string TargetFileName { get; set; } = "";

    /// <summary>When the transfer may start (the request's time plus DelaySeconds).</summary>
    public DateTimeOffset Due { get; set; }
}
