using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Cwmp;

/// <summary>Answers the ACS→CPE methods of DESIGN §5 for one phone during one session: the parameter methods on the
/// data model, the others on the phone. Anything else is fault 9000.</summary>
internal sealed class CpeRequestHandler(Phone phone) : ICwmpRequestHandler
{
    /// <summary>The methods GetRPCMethods lists (TR-069 A.3.1: every method the CPE supports).</summary>
    public static readonly IReadOnlyList<string> Methods =
    [
        "GetRPCMethods", "SetParameterValues", "GetParameterValues", "GetParameterNames", "SetParameterAttributes",
        "GetParameterAttributes", "AddObject", "DeleteObject", "Reboot", "Download", "Upload", "FactoryReset", "ScheduleInform",
    ];

    public SessionActions Actions { get; } = new();

    public bool CloseConnection => Actions.Reboot || Actions.FactoryReset;

    public CwmpMessage Handle(CwmpMessage request)
    {
        var model = phone.Model;
        switch (request)
        {
            case GetRPCMethods:
                return new GetRPCMethodsResponse(Methods);
            case GetParameterNames names:
                return model.GetParameterNames(names);
            case GetParameterValues values:
                return model.GetParameterValues(values);
            case SetParameterValues set:
                var response = model.SetParameterValues(set, out var changed);
                var periodicInform = model.Definition.ManagementServer + "PeriodicInform";
                Actions.PeriodicInformChanged |= changed.Any(p => p.StartsWith(periodicInform, StringComparison.Ordinal));
                return response;
            case GetParameterAttributes attributes:
                return model.GetParameterAttributes(attributes);
            case SetParameterAttributes attributes:
                return model.SetParameterAttributes(attributes);
            case AddObject add:
                return model.AddObject(add);
            case DeleteObject delete:
                return model.DeleteObject(delete);
            case Reboot reboot:
                phone.AcceptReboot(reboot.CommandKey);
                Actions.Reboot = true;
                return new RebootResponse();
            case FactoryReset:
                Actions.FactoryReset = true;
                return new FactoryResetResponse();
            case Download download:
                return phone.AcceptDownload(download);
            case Upload upload:
                return phone.AcceptUpload(upload);
            case ScheduleInform schedule:
                return phone.AcceptScheduleInform(schedule);
            default:
                return new CwmpFault(FaultCodes.CpeMethodNotSupported, $"Method '{request.ElementName}' is not supported");
        }
    }
}
