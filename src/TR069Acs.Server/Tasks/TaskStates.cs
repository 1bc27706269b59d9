namespace TR069Acs.Server.Tasks;

/// <summary>The life of a task: queued → sent → done | fault, or expired while queued.
/// A task put back after a broken session is queued again.</summary>
internal static class TaskStates
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Done = "done";
    public const string Fault = "fault";
    public const string Expired = "expired";

    /// <summary>True for a state the task never leaves.</summary>
    public static bool IsFinal(string status) => status is Done or Fault or Expired;
}
