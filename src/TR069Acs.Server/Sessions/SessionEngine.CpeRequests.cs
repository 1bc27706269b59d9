using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    // TR-069 A.3.3: the CPE→ACS methods. Each is answered in the same HTTP exchange, echoing the cwmp:ID, in the
    // namespace the request itself used (DESIGN §5).
    private async Task CpeRequestAsync(HttpContext context, CwmpSession session, CwmpEnvelope envelope)
    {
        var id = envelope.Header.Id;
        switch (envelope.Body)
        {
            case TransferComplete transfer:
                await TransferCompleteAsync(session, transfer, context.RequestAborted);
                // Recorded before the acknowledgement: an unacknowledged TransferComplete is re-sent (TR-069 A.3.3.2).
                await campaigns.TransferCompleteAsync(session.DeviceId, transfer.CommandKey, transfer.Fault.FaultCode, transfer.Fault.FaultString,
                    context.RequestAborted);
                await CwmpHttp.WriteAsync(context, envelope.Version, id, new TransferCompleteResponse());
                break;
            case AutonomousTransferComplete autonomous:
                await RecordAutonomousTransferAsync(session, autonomous, context.RequestAborted);
                await CwmpHttp.WriteAsync(context, envelope.Version, id, new AutonomousTransferCompleteResponse());
                break;
            case GetRPCMethods:
                await CwmpHttp.WriteAsync(context, envelope.Version, id, new GetRPCMethodsResponse(_acsMethods));
                break;
            case RequestDownload request:
                // TR-069 A.4.2.2: the ACS acknowledges; whether and what to send is its own decision (none is automatic yet).
                Log.RequestDownload(logger, session.DeviceId, request.FileType);
                await CwmpHttp.WriteAsync(context, envelope.Version, id, new RequestDownloadResponse());
                break;
            default:
                // TR-069 Table 130: 8000 Method not supported.
                await CwmpHttp.WriteAsync(context, envelope.Version, id, new CwmpFault(FaultCodes.MethodNotSupported,
                    $"Method not supported: the ACS does not implement {envelope.Body.ElementName}"));
                break;
        }
    }

    // TR-069 A.3.3.2: TransferComplete carries the CommandKey of the Download/Upload it completes, possibly sessions
    // (and reboots) later. It is acknowledged whether or not a task waits for it, and always recorded.
    private async Task TransferCompleteAsync(CwmpSession session, TransferComplete transfer, CancellationToken cancellationToken)
    {
        var now = NowMs;
        var record = new TransferRecord(session.DeviceId, false, transfer.CommandKey, transfer.Fault.FaultCode, transfer.Fault.FaultString,
            transfer.StartTime, transfer.CompleteTime, null);
        var task = await tasks.FindAwaitingTransferAsync(session.DeviceId, transfer.CommandKey, cancellationToken);
        if (task is null)
        {
            Log.UnmatchedTransfer(logger, session.DeviceId, transfer.CommandKey, transfer.Fault.FaultCode);
            await tasks.RecordAsync(session.DeviceId, new TaskOutcome { Status = TaskStates.Done, Transfer = record }, now, cancellationToken);
            return;
        }
        var previous = task.Result is { } json ? JsonNode.Parse(json) as JsonObject : null;
        var result = previous ?? [];
        result["transfer"] = new JsonObject
        {
            ["faultCode"] = transfer.Fault.FaultCode,
            ["faultString"] = transfer.Fault.FaultString,
            ["startTime"] = TaskResults.Time(transfer.StartTime),
            ["completeTime"] = TaskResults.Time(transfer.CompleteTime),
        };
        var outcome = transfer.Fault.FaultCode == 0
            ? TaskOutcome.Done(result.ToJsonString())
            : TaskOutcome.Faulted(transfer.Fault.FaultCode, transfer.Fault.FaultString) with { ResultJson = result.ToJsonString() };
        await tasks.CompleteAsync(task, outcome with { Transfer = record }, now, cancellationToken);
        notifier.Notify(task.Id);
    }

    private Task RecordAutonomousTransferAsync(CwmpSession session, AutonomousTransferComplete t, CancellationToken cancellationToken)
    {
        var detail = new JsonObject
        {
            ["announceUrl"] = t.AnnounceUrl,
            ["transferUrl"] = t.TransferUrl,
            ["isDownload"] = t.IsDownload,
            ["fileType"] = t.FileType,
            ["fileSize"] = t.FileSize,
            ["targetFileName"] = t.TargetFileName,
        }.ToJsonString();
        var record = new TransferRecord(session.DeviceId, true, null, t.Fault.FaultCode, t.Fault.FaultString, t.StartTime, t.CompleteTime, detail);
        return tasks.RecordAsync(session.DeviceId, new TaskOutcome { Status = TaskStates.Done, Transfer = record }, NowMs, cancellationToken);
    }
}
