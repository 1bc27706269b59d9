using TR069Acs.Server.CpeAuth;

namespace TR069Acs.Server.Operators;

/// <summary>Writes refused CWMP authentications (and re-admissions after a factory reset) into the operator audit log (actor <c>cpe:&lt;claimed id&gt;</c>). Every
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

    public void OnReadmitted(string deviceId, string? remoteAddress)
        => audit.Record(new AuditEntry($"cpe:{deviceId}", "cpe.readmitted", $"device:{deviceId}", 200, remoteAddress,
            "bootstrap credential accepted once within the re-admission window after a factory reset; fresh credentials set"));
}
