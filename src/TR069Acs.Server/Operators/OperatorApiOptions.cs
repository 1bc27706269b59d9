namespace TR069Acs.Server.Operators;

/// <summary>Operator sessions: <c>Acs:Api:SessionMinutes</c>.</summary>
public sealed class OperatorApiOptions
{
    /// <summary>Lifetime of a login session's bearer token: 8 hours, a working day, after which the operator logs in again.</summary>
    public int SessionMinutes { get; set; } = 8 * 60;
}

/// <summary>The audit trail: <c>Acs:Audit:RetentionDays</c>.</summary>
public sealed class AuditOptions
{
    /// <summary>Entries older than this are deleted by the daily cleanup: 400 days covers a yearly security review.</summary>
    public int RetentionDays { get; set; } = 400;
}
