namespace TR069Acs.Cwmp;

/// <summary>ScheduleInform: the CPE informs with <c>3 SCHEDULED</c> and <c>M ScheduleInform</c> after DelaySeconds.</summary>
public sealed record ScheduleInform(uint DelaySeconds, string CommandKey) : CwmpMessage
{
    public override string ElementName => "ScheduleInform";
}

/// <summary>ScheduleInformResponse (empty).</summary>
public sealed record ScheduleInformResponse : CwmpMessage
{
    public override string ElementName => "ScheduleInformResponse";
}
