using System.Text;
using System.Text.Json;
using TR069Acs.Agent.State;
using TR069Acs.Agent.Transfers;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    // TR-069 A.3.2.8: a CPE may refuse a transfer when too many are queued (9004).
    private const int MaxQueuedTransfers = 8;

    private HashSet<TransferJob>? _runningTransfers;

    /// <summary>Download (TR-069 A.3.2.8): accepted with Status 1 (a TransferComplete follows); the file is fetched
    /// after the session, DelaySeconds after the request.</summary>
    internal CwmpMessage AcceptDownload(Download request)
    {
        if (request.FileType is not (EventCodes.FirmwareImage or EventCodes.VendorConfigurationFile))
        {
            return new CwmpFault(FaultCodes.DownloadFailure, $"FileType '{request.FileType}' is not supported by this phone");
        }
        return Enqueue("Download", request.CommandKey, request.FileType, request.Url, request.Username, request.Password,
            request.DelaySeconds, job =>
            {
                job.FileSize = request.FileSize;
                job.TargetFileName = request.TargetFileName;
            }) ?? (CwmpMessage)new DownloadResponse(1, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    /// <summary>Upload (TR-069 A.4.1.5): <c>1 Vendor Configuration File</c> (the parameters as JSON) or
    /// <c>2 Vendor Log File</c> (recent sessions), PUT after the session.</summary>
    internal CwmpMessage AcceptUpload(Upload request)
    {
        if (!(request.FileType.StartsWith("1 Vendor Configuration File", StringComparison.Ordinal)
              || request.FileType.StartsWith("2 Vendor Log File", StringComparison.Ordinal)))
        {
            return new CwmpFault(FaultCodes.UploadFailure, $"FileType '{request.FileType}' is not supported by this phone");
        }
        return Enqueue("Upload", request.CommandKey, request.FileType, request.Url, request.Username, request.Password,
            request.DelaySeconds, _ => { }) ?? (CwmpMessage)new UploadResponse(1, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    private CwmpFault? Enqueue(string method, string commandKey, string fileType, string url, string username, string password,
        int delaySeconds, Action<TransferJob> complete)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new CwmpFault(FaultCodes.CpeInvalidArguments, $"URL '{url}' is not an absolute URL");
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return new CwmpFault(FaultCodes.UnsupportedTransferProtocol, $"'{uri.Scheme}' is not a supported transfer protocol (http, https)");
        }
        if (delaySeconds < 0)
        {
            return new CwmpFault(FaultCodes.CpeInvalidArguments, $"DelaySeconds {delaySeconds} is negative");
        }
        var job = new TransferJob
        {
            Method = method,
            CommandKey = commandKey,
            FileType = fileType,
            Url = url,
            Username = username,
            Password = password,
            Due = _fleet.Time.GetUtcNow() + TimeSpan.FromSeconds(delaySeconds),
        };
        complete(job);
        lock (_lock)
        {
            if (_transfers.Count >= MaxQueuedTransfers)
            {
                return new CwmpFault(FaultCodes.CpeResourcesExceeded, $"{MaxQueuedTransfers} transfers are already queued");
            }
            _transfers.Add(job);
        }
        return null;
    }

    /// <summary>ScheduleInform (TR-069 A.3.2.10): a session with <c>3 SCHEDULED</c> and <c>M ScheduleInform</c>
    /// DelaySeconds from now. DelaySeconds 0 is invalid (9003).</summary>
    internal CwmpMessage AcceptScheduleInform(ScheduleInform request)
    {
        if (request.DelaySeconds == 0)
        {
            return new CwmpFault(FaultCodes.CpeInvalidArguments, "DelaySeconds must be greater than 0");
        }
        lock (_lock)
        {
            _scheduledInforms.Add(new ScheduledInform(_fleet.Time.GetUtcNow() + TimeSpan.FromSeconds(request.DelaySeconds), request.CommandKey));
        }
        return new ScheduleInformResponse();
    }

    /// <summary>Reboot (TR-069 A.3.2.9): <c>M Reboot</c> with the CommandKey is queued now, so that it survives the
    /// reboot; the reboot itself happens when the session ends.</summary>
    internal void AcceptReboot(string commandKey)
    {
        lock (_lock)
        {
            _events.Add(new EventStruct(EventCodes.MReboot, commandKey));
        }
    }

    /// <summary>Transfers whose time has come (under the phone's lock); they are marked running.</summary>
    private List<TransferJob>? DueTransfers(DateTimeOffset now)
    {
        List<TransferJob>? due = null;
        foreach (var job in _transfers)
        {
            if (job.Due <= now && (_runningTransfers ??= []).Add(job))
            {
                (due ??= []).Add(job);
            }
        }
        return due;
    }

    private async Task RunTransferAsync(TransferJob job, CancellationToken cancellationToken)
    {
        await _fleet.TransferSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        TransferCompleteState report;
        var installed = false;
        try
        {
            var client = new FileTransferClient(_fleet.Http, _fleet.Options.TransferTimeout);
            var started = _fleet.Time.GetUtcNow();
            var url = new Uri(job.Url);
            FaultStruct fault;
            if (job.Method == "Download")
            {
                var configuration = job.FileType == EventCodes.VendorConfigurationFile;
                var result = await client.DownloadAsync(url, job.Username, job.Password, job.FileSize, keepContent: configuration, cancellationToken)
                    .ConfigureAwait(false);
                fault = result.Fault;
                if (result.Succeeded && configuration)
                {
                    LastVendorConfigurationFile = result.Content;
                    fault = ApplyVendorConfiguration(result.Content!, job);
                }
                else if (result.Succeeded)
                {
                    (fault, installed) = await CheckDownloadedFirmwareAsync(result.Content, job, url).ConfigureAwait(false);
                }
            }
            else
            {
                var (content, type) = UploadContent(job.FileType);
                fault = await client.UploadAsync(url, job.Username, job.Password, content, type, cancellationToken).ConfigureAwait(false);
            }
            report = new TransferCompleteState
            {
                CommandKey = job.CommandKey,
                Method = job.Method,
                FaultCode = fault.FaultCode,
                FaultString = fault.FaultString,
                StartTime = started,
                CompleteTime = _fleet.Time.GetUtcNow(),
            };
            Log.TransferDone(_fleet.Logger, DeviceId, job.Method, job.Url, fault.FaultCode, fault.FaultString);
        }
        finally
        {
            _fleet.TransferSlots.Release();
        }
        lock (_lock)
        {
            _runningTransfers?.Remove(job);
            _transfers.Remove(job);
            _transferCompletes.Add(report);
        }
        Persist();
        if (installed)
        {
            // The new firmware runs after a reboot; the boot Inform carries 1 BOOT, 7 TRANSFER COMPLETE, M Download.
            RebootNow();
        }
        else
        {
            RequestSession();
        }
    }

    private (byte[] Content, string ContentType) UploadContent(string fileType)
    {
        if (fileType.StartsWith("2 Vendor Log File", StringComparison.Ordinal))
        {
            var log = new StringBuilder();
            foreach (var session in RecentSessions)
            {
                log.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{session.Ended:O} session {session.Number} [{string.Join(", ", session.Events.Select(e => e.EventCode))}] {(session.Succeeded ? "ok" : session.Error)}\n");
            }
            return (Encoding.UTF8.GetBytes(log.ToString()), "text/plain; charset=utf-8");
        }
        var values = (GetParameterValuesResponse)_model.GetParameterValues(new GetParameterValues([""]));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var parameter in values.ParameterList)
            {
                json.WriteString(parameter.Name, parameter.Value);
            }
            json.WriteEndObject();
        }
        return (buffer.ToArray(), "application/json");
    }
}
