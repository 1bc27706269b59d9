using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    /// <summary>Sends the device's next queued task, or ends the session with 204 when none is left.</summary>
    private async Task SendNextAsync(HttpContext context, CwmpSession session)
    {
        if (await TrySendBindingAsync(context, session))
        {
            return;
        }
        await ReconcileOnceAsync(session, context.RequestAborted);
        while (true)
        {
            // The hot path: a device with nothing queued never reaches the database.
            if (!pending.TryGet(session.DeviceId, out var version))
            {
                await EndAsync(context, session);
                return;
            }
            if (!await HoldLeaseAsync(session, context.RequestAborted))
            {
                Log.LeaseBusy(logger, session.DeviceId);
                await EndAsync(context, session);
                return;
            }
            var now = NowMs;
            var taken = await tasks.TakeNextAsync(session.DeviceId, now, context.RequestAborted);
            foreach (var expired in taken.Expired)
            {
                notifier.Notify(expired);
            }
            if (taken.Task is not { } task)
            {
                if (taken.Held)
                {
                    // Only Downloads of a paused campaign are left: they stay queued (and indexed) for its resumption.
                    await EndAsync(context, session);
                    return;
                }
                pending.RemoveIfUnchanged(session.DeviceId, version);
                if (pending.CheckEveryDevice && !pending.IsMarked(session.DeviceId))
                {
                    // Shared database: the queue was just read and nothing was queued through this node since.
                    await EndAsync(context, session);
                    return;
                }
                continue;
            }

            CwmpMessage request;
            TaskKind kind;
            JsonObject payload;
            try
            {
                kind = TaskKinds.Get(task.Type);
                payload = JsonNode.Parse(task.Payload) as JsonObject ?? throw new FormatException("the payload is not a JSON object");
                request = kind.CreateRequest(payload);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException)
            {
                await tasks.CompleteAsync(task, TaskOutcome.Faulted(null, $"the stored task cannot be sent: {ex.Message}"), now, context.RequestAborted);
                notifier.Notify(task.Id);
                continue;
            }
            var requestId = $"acs-{task.Id}-{task.Attempts}";
            session.Outstanding = new OutstandingRequest(task, kind, payload, requestId);
            await CwmpHttp.WriteAsync(context, session.Version, requestId, request);
            return;
        }
    }

    // The CPE's answer to the outstanding request: it must carry the request's cwmp:ID (when it carries one at all;
    // some stacks omit the header) and be the matching response or a Fault.
    private async Task ResponseAsync(HttpContext context, CwmpSession session, CwmpEnvelope envelope)
    {
        var body = envelope.Body;
        if (session.BindingRequestId is not null)
        {
            await BindingResponseAsync(context, session, envelope);
            return;
        }
        if (session.Outstanding is not { } outstanding)
        {
            Log.StrayResponse(logger, session.DeviceId, body.ElementName);
            await CloseAsync(session, reason: null);
            await CwmpHttp.EndAsync(context);
            return;
        }
        if (envelope.Header.Id is { } id && id != outstanding.RequestId)
        {
            await BreakAsync(context, session,
                $"the CPE answered with cwmp:ID '{id}' but the outstanding {outstanding.Kind.RpcName} was sent with '{outstanding.RequestId}'");
            return;
        }
        if (body is not CwmpFault && body.GetType() != outstanding.Kind.ResponseType)
        {
            await BreakAsync(context, session,
                $"the CPE answered {outstanding.Kind.RpcName} (cwmp:ID {outstanding.RequestId}) with {body.ElementName}");
            return;
        }

        session.Outstanding = null;
        var task = outstanding.Task;
        var outcome = body is CwmpFault fault
            ? FaultOutcome(outstanding.Kind, fault)
            : outstanding.Kind.Complete(task, outstanding.Payload, body);
        await tasks.CompleteAsync(task, outcome, NowMs, context.RequestAborted);
        if (outcome.Status == TaskStates.Done && outstanding.Kind is Tasks.Kinds.FactoryResetTask)
        {
            await OpenReadmitWindowAsync(session, context.RequestAborted);
        }
        if (outcome.Values.Count > 0 || outcome.DeletedObject is not null)
        {
            // The stored values are newer than what this node remembers of the last Inform.
            digests.Forget(session.DeviceId);
        }
        if (TaskStates.IsFinal(outcome.Status))
        {
            notifier.Notify(task.Id);
        }
        if (outcome.Status == TaskStates.Done && outcome.Values.Count > 0)
        {
            await ObserveAnswerAsync(session, task.Type, outcome.Values, context.RequestAborted);
        }
        await SendNextAsync(context, session);
    }

    private static TaskOutcome FaultOutcome(TaskKind kind, CwmpFault fault)
    {
        string? detail = null;
        if (fault.SetParameterValuesFaults.Count > 0)
        {
            detail = new JsonObject
            {
                ["setParameterValuesFaults"] = new JsonArray([.. fault.SetParameterValuesFaults.Select(f => (JsonNode?)new JsonObject
                {
                    ["parameterName"] = f.ParameterName,
                    ["faultCode"] = f.FaultCode,
                    ["faultString"] = f.FaultString,
                })]),
            }.ToJsonString();
        }
        var message = string.IsNullOrEmpty(fault.FaultString) ? $"{kind.RpcName} fault {fault.FaultCode}" : fault.FaultString;
        return TaskOutcome.Faulted(fault.FaultCode, message, detail) with { ResultJson = detail };
    }
}
