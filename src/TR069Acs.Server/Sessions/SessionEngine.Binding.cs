using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    // DESIGN §4a: a device's own credentials are set on it by SetParameterValues before its queued tasks (first session,
    // pre-registration, rotation). The pair becomes the only valid one when the CPE accepts it (status 0 or 1); a lost
    // answer or a fault leaves both the old and the new pair valid, and the SetParameterValues is sent again next session.
    private async Task<bool> TrySendBindingAsync(HttpContext context, CwmpSession session)
    {
        if (session.Binding is not { } binding || session.BindingSent)
        {
            return false;
        }
        session.BindingSent = true;
        var management = session.Root + "ManagementServer.";
        var values = new List<ParameterValue>(4);
        if (!string.IsNullOrEmpty(binding.NextPassword))
        {
            values.Add(new ParameterValue(management + "Username", binding.Username, "xsd:string"));
            values.Add(new ParameterValue(management + "Password", binding.NextPassword, "xsd:string"));
        }
        if (!string.IsNullOrEmpty(binding.NextCrPassword))
        {
            values.Add(new ParameterValue(management + "ConnectionRequestUsername", binding.CrUsername ?? session.Identity.SerialNumber, "xsd:string"));
            values.Add(new ParameterValue(management + "ConnectionRequestPassword", binding.NextCrPassword, "xsd:string"));
        }
        if (values.Count == 0)
        {
            return false;
        }
        var requestId = "acs-bind-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        session.BindingRequestId = requestId;
        await CwmpHttp.WriteAsync(context, session.Version, requestId, new SetParameterValues(values, ""));
        return true;
    }

    // The CPE is about to forget its own credentials (FactoryResetResponse): it comes back with the factory bootstrap pair
    // and 0 BOOTSTRAP, which the bound device's re-admission window lets in once (Acs:CpeAuth:ReadmitWindow).
    private async Task OpenReadmitWindowAsync(CwmpSession session, CancellationToken cancellationToken)
    {
        var window = options.CpeAuth.ReadmitWindow;
        if (window <= TimeSpan.Zero)
        {
            return;
        }
        var until = time.GetUtcNow() + window;
        if (await credentials.OpenReadmitAsync(session.DeviceId, until, cancellationToken))
        {
            Log.ReadmitWindowOpened(logger, session.DeviceId, until);
        }
    }

    private async Task BindingResponseAsync(HttpContext context, CwmpSession session, CwmpEnvelope envelope)
    {
        var requestId = session.BindingRequestId!;
        session.BindingRequestId = null;
        if (envelope.Header.Id is { } id && id != requestId)
        {
            await BreakAsync(context, session, $"the CPE answered with cwmp:ID '{id}' but the credentials were sent with '{requestId}'");
            return;
        }
        switch (envelope.Body)
        {
            case SetParameterValuesResponse { Status: 0 or 1 }:
                if (await credentials.AcceptAsync(session.Binding!, context.RequestAborted))
                {
                    Log.Bound(logger, session.DeviceId);
                }
                break;
            case CwmpFault fault:
                Log.BindingRefused(logger, session.DeviceId, $"fault {fault.FaultCode}: {fault.FaultString}");
                break;
            default:
                await BreakAsync(context, session, $"the CPE answered the credentials' SetParameterValues with {envelope.Body.ElementName}");
                return;
        }
        await SendNextAsync(context, session);
    }
}
