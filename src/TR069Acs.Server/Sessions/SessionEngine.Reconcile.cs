using System.Data.Common;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Devices;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    // Issue 15 §1: the desired state is reconciled in the session of the Inform, before its queued tasks are picked, so
    // the SetParameterValues it queues go out in this session (after any task queued earlier).
    private async Task ReconcileOnceAsync(CwmpSession session, CancellationToken cancellationToken)
    {
        if (session.Reconciled || session.Facts is not { } facts)
        {
            return;
        }
        session.Reconciled = true;
        try
        {
            await reconciler.OnSessionAsync(facts, cancellationToken);
        }
        catch (DbException ex)
        {
            // The phone's queued tasks still go out; the reconciliation is tried again at its next boot or due time.
            Log.ReconcileFailed(logger, session.DeviceId, ex.Message);
        }
    }

    // What a GetParameterValues answer or an accepted SetParameterValues tells of the phone's configured values.
    private async Task ObserveAnswerAsync(CwmpSession session, string taskType, IReadOnlyList<ParameterValue> values, CancellationToken cancellationToken)
    {
        if (session.Facts is not { } facts)
        {
            return;
        }
        try
        {
            await reconciler.OnAnswerAsync(facts, taskType, values, cancellationToken);
        }
        catch (DbException ex)
        {
            Log.ReconcileFailed(logger, session.DeviceId, ex.Message);
        }
    }

    private static PhoneSessionFacts Facts(CwmpSession session, Inform inform, InformTelemetry record)
    {
        bool bootstrap = false, boot = false;
        foreach (var e in inform.Events)
        {
            bootstrap |= e.EventCode == EventCodes.Bootstrap;
            boot |= e.EventCode == EventCodes.Boot;
        }
        var root = session.Root == Tr069Roots.InternetGatewayDevicePrefix ? Tr069Root.InternetGatewayDevice : Tr069Root.Device;
        return new PhoneSessionFacts(session.DeviceId, session.Identity, root, record.MacAddress, record.SoftwareVersion, bootstrap, boot,
            record.ChangedParameters);
    }
}
