namespace TR069Acs.Cwmp;

/// <summary>DeviceIdStruct of the Inform (TR-069 A.3.3.1).</summary>
public sealed record DeviceId(string Manufacturer, string Oui, string ProductClass, string SerialNumber);

/// <summary>EventStruct: an event code such as <c>1 BOOT</c> and its CommandKey.</summary>
public sealed record EventStruct(string EventCode, string CommandKey = "");

/// <summary>ParameterValueStruct. <paramref name="Type"/> is the xsi:type as written, e.g. <c>xsd:string</c>;
/// an unknown type is kept verbatim and a missing one reads as <c>xsd:string</c>.</summary>
public sealed record ParameterValue(string Name, string Value, string Type = "xsd:string");

/// <summary>ParameterInfoStruct of GetParameterNamesResponse.</summary>
public sealed record ParameterInfo(string Name, bool Writable);

/// <summary>ParameterAttributeStruct of GetParameterAttributesResponse.</summary>
public sealed record ParameterAttribute(string Name, int Notification, IReadOnlyList<string> AccessList);

/// <summary>SetParameterAttributesStruct.</summary>
public sealed record SetParameterAttribute(
    string Name, bool NotificationChange, int Notification, bool AccessListChange, IReadOnlyList<string> AccessList);

/// <summary>FaultStruct as carried by TransferComplete (code 0 means success).</summary>
public sealed record FaultStruct(int FaultCode, string FaultString)
{
    /// <summary>The "no fault" value TR-069 prescribes for a successful transfer.</summary>
    public static readonly FaultStruct None = new(0, "");
}

/// <summary>One entry of a SetParameterValuesFault list inside a 9003 fault.</summary>
public sealed record SetParameterValuesFault(string ParameterName, int FaultCode, string FaultString);

/// <summary>A FileTypeArg entry of RequestDownload.</summary>
public sealed record ArgStruct(string Name, string Value);
