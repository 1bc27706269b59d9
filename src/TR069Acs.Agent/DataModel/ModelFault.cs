using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

/// <summary>A request the data model refuses: the CPE fault code (TR-069 Table 131) and what was wrong.</summary>
internal sealed class ModelFault(int code, string message, IReadOnlyList<SetParameterValuesFault>? parameterFaults = null)
    : Exception(message)
{
    public int Code { get; } = code;

    public IReadOnlyList<SetParameterValuesFault> ParameterFaults { get; } = parameterFaults ?? [];

    /// <summary>The fault as it goes on the wire.</summary>
    public CwmpFault ToCwmpFault() => new(Code, Message, ParameterFaults);
}
