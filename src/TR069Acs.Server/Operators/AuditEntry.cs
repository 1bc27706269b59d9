namespace TR069Acs.Server.Operators;

/// <summary>One entry of the audit trail. Never put a secret or a request body in any member.</summary>
/// <param name="Actor">Who: a user name, <c>token:NAME/ID</c>, <c>anonymous</c>, <c>cpe:CLAIMED-ID</c>, <c>cli</c>.</param>
/// <param name="Action">What: <c>METHOD /api/route/{template}</c> for an API call, or an event name such as
/// <c>auth.login.failed</c> or <c>cpe.auth.failed</c>.</param>
/// <param name="Target">On what: <c>device:ID</c>, <c>campaign:ID</c>, <c>scope:tag:T</c>, <c>user:NAME</c>, <c>token:ID</c>…; null when none.</param>
/// <param name="Status">The result: the HTTP status answered; null when not an HTTP exchange.</param>
/// <param name="RemoteAddress">From where: the peer's address.</param>
/// <param name="Detail">A short free-text note (a reason), never a secret.</param>
public sealed record AuditEntry(string Actor, string Action, string? Target = null, int? Status = null, string? RemoteAddress = null, string? Detail = null);

/// <summary>A stored audit entry.</summary>
/// <param name="Id">Increasing id (paging: <c>before</c>).</param>
/// <param name="Time">When it was recorded.</param>
/// <param name="Actor">Who.</param>
/// <param name="RemoteAddress">From where.</param>
/// <param name="Action">What.</param>
/// <param name="Target">On what.</param>
/// <param name="Status">The result.</param>
/// <param name="Detail">A short note.</param>
public sealed record AuditRecord(long Id, DateTimeOffset Time, string Actor, string? RemoteAddress, string Action, string? Target, int? Status, string? Detail);
