using TR069Acs.Server.CpeAuth;

namespace TR069Acs.Server.Operators;

/// <summary>Writes refused CWMP authentications into the operator audit log (actor <c>cpe:&lt;claimed id&gt;</c>). Every
/// 401 and 403 is recorded; of a throttled source's 429s only the first of its burst, so a flood of forged Informs
/// cannot flood the audit trail (the throttle counts the rest).</summary>
internal sealed class CpeAuthAudit(AuditLog audit) : ICpeAuthFailureObserver
{
    public void OnFailure(CpeAuthFailure failure)
    {
        if (failure.Status == 429 && !failure.FirstInBurst)
        {
            return;
        }
        audit.CpeAuthenticationFailed(failure.ClaimedDeviceId, failure.RemoteAddress, failure.Reason, failure.Status);
    }
}
