namespace TR069Acs.Server.Sessions;

/// <summary>Bounds of one CWMP session (<c>Acs:Sessions:*</c>; issue 16 §5): a client that keeps a session alive with a
/// request every few seconds would otherwise hold the device's one session, and lock the real phone out, for ever.</summary>
public sealed class SessionOptions
{
    /// <summary>The longest a session may last from its Inform, however busy. Five minutes: a phone's session takes
    /// seconds, and a session carrying dozens of queued tasks (each one round trip) still ends in well under a minute.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most HTTP requests a CPE may send in one session (the Inform included). 1,000: one per queued task
    /// plus a few of its own (TransferComplete, GetRPCMethods); a bulk job of hundreds of tasks for one device still fits.</summary>
    public int MaxRequests { get; set; } = 1_000;

    /// <summary>Checks the settings; the message names the one that is wrong.</summary>
    /// <exception cref="InvalidOperationException">A setting out of range.</exception>
    internal void Validate()
    {
        if (MaxLifetime < TimeSpan.FromSeconds(1) || MaxLifetime > TimeSpan.FromDays(1))
        {
            throw new InvalidOperationException($"Acs:Sessions:MaxLifetime must be between 00:00:01 and 1.00:00:00 (a day), got {MaxLifetime}.");
        }
        if (MaxRequests is < 10 or > 1_000_000)
        {
            throw new InvalidOperationException($"Acs:Sessions:MaxRequests must be 10-1000000, got {MaxRequests}.");
        }
    }
}
