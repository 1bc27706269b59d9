using System.Globalization;

namespace TR069Acs.Cwmp;

public static partial class CwmpReader
{
    // A soap-enc:arrayType length is only a hint for the list's capacity; a hostile "[2000000000]" must not
    // allocate, so the hint is capped and the list grows past it as entries arrive.
    private const int MaxCapacityHint = 256;

    private const string DeviceIdReason = "TR-069 A.3.3.1 DeviceIdStruct: OUI string(6), the others string(64)";

    /// <summary>Reads a soap-enc array: every child element is one entry, whatever it is called, since CPE stacks
    /// vary (ParameterValueStruct, item, string …).</summary>
    private static List<T> ReadArray<T>(XmlCursor c, Func<XmlCursor, T> readEntry)
        => ReadArray(c, readEntry, int.MaxValue, "", "");

    /// <summary>Reads a soap-enc array of at most <paramref name="max"/> entries; one more is refused before it is read.</summary>
    private static List<T> ReadArray<T>(XmlCursor c, Func<XmlCursor, T> readEntry, int max, string field, string reason)
    {
        var list = new List<T>(Math.Min(CapacityHint(c), max));
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (list.Count == max)
            {
                throw c.Error(CwmpErrorKind.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                    $"{field} has more than {max} entries; the limit is {max} ({reason})"));
            }
            list.Add(readEntry(c));
        }
        return list;
    }

    private static string ReadString(XmlCursor c) => c.ReadString();

    private static List<string> ReadStringArray(XmlCursor c) => ReadArray(c, ReadString);

    private static int CapacityHint(XmlCursor c)
    {
        var arrayType = c.GetAttribute("arrayType", CwmpNamespaces.SoapEncoding);
        if (arrayType is null)
        {
            return 0;
        }
        var open = arrayType.LastIndexOf('[');
        var close = arrayType.LastIndexOf(']');
        return open >= 0 && close > open
               && int.TryParse(arrayType.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Math.Min(n, MaxCapacityHint)
            : 0;
    }

    /// <summary>Reads a message whose one argument is a string array, e.g. GetParameterValues/ParameterNames.</summary>
    // The arguments of a method whose one argument is an array (ParameterNames, ParameterList): that array, or empty
    // when absent; anything else is skipped.
    private static IReadOnlyList<T> ReadNamedArray<T>(XmlCursor c, string arrayName, Func<XmlCursor, T> readItem)
    {
        IReadOnlyList<T> items = [];
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.LocalName == arrayName)
            {
                items = ReadArray(c, readItem);
            }
            else
            {
                c.Skip();
            }
        }
        return items;
    }


    private static ParameterValue ReadParameterValueStruct(XmlCursor c)
    {
        string? name = null;
        var value = "";
        var type = XsdString;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Name":
                    name = c.ReadString("ParameterValueStruct/Name", c.Options.MaxParameterNameChars, "TR-106 parameter names are at most 256");
                    break;
                case "Value":
                    type = ReadXsiType(c);
                    value = c.ReadString(name is null ? "ParameterValueStruct/Value" : $"the value of {XmlCursor.Quote(name)}",
                        c.Options.MaxParameterValueChars, "Acs:MaxParameterValueChars");
                    break;
                default:
                    c.Skip();
                    break;
            }
        }
        return new ParameterValue(name ?? throw c.Missing("ParameterValueStruct", "Name"), value, type);
    }

    private static List<ParameterValue> ReadParameterValueList(XmlCursor c) => ReadArray(c, ReadParameterValueStruct);

    private static EventStruct ReadEventStruct(XmlCursor c)
    {
        string? code = null;
        var commandKey = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "EventCode": code = c.ReadString("EventStruct/EventCode", c.Options.MaxEventCodeChars, "TR-069 A.3.3.1, string(64)").Trim(); break;
                case "CommandKey": commandKey = c.ReadString("EventStruct/CommandKey", c.Options.MaxCommandKeyChars, "TR-069 A.3.3.1, string(32)"); break;
                default: c.Skip(); break;
            }
        }
        return new EventStruct(code ?? throw c.Missing("EventStruct", "EventCode"), commandKey);
    }

    private static DeviceId ReadDeviceId(XmlCursor c)
    {
        string? manufacturer = null, oui = null, productClass = null, serial = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Manufacturer": manufacturer = c.ReadString("Inform/DeviceId/Manufacturer", c.Options.MaxDeviceIdFieldChars, DeviceIdReason); break;
                case "OUI": oui = ReadTrimmed(c, "Inform/DeviceId/OUI", c.Options.MaxOuiChars); break;
                case "ProductClass": productClass = c.ReadString("Inform/DeviceId/ProductClass", c.Options.MaxDeviceIdFieldChars, DeviceIdReason); break;
                case "SerialNumber": serial = ReadTrimmed(c, "Inform/DeviceId/SerialNumber", c.Options.MaxDeviceIdFieldChars); break;
                default: c.Skip(); break;
            }
        }
        return new DeviceId(
            manufacturer ?? throw c.Missing("Inform/DeviceId", "Manufacturer"),
            oui ?? throw c.Missing("Inform/DeviceId", "OUI"),
            productClass ?? throw c.Missing("Inform/DeviceId", "ProductClass"),
            serial ?? throw c.Missing("Inform/DeviceId", "SerialNumber"));
    }

    // OUI and SerialNumber are trimmed (some stacks pad them); the limit applies to what is kept.
    private static string ReadTrimmed(XmlCursor c, string field, int max)
    {
        var text = c.ReadString();
        var trimmed = text.Length <= max ? text.Trim() : text.AsSpan().Trim().Length <= max ? text.Trim() : null;
        return trimmed ?? throw c.TooLong(field, text.AsSpan().Trim().Length, max, DeviceIdReason);
    }

    private static FaultStruct ReadFaultStruct(XmlCursor c, string parent)
    {
        var code = 0;
        var text = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "FaultCode": code = c.ReadInt(parent + "/FaultStruct/FaultCode"); break;
                case "FaultString": text = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return code == 0 && text.Length == 0 ? FaultStruct.None : new FaultStruct(code, text);
    }

    private static ParameterInfo ReadParameterInfoStruct(XmlCursor c)
    {
        string? name = null;
        var writable = false;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Name": name = c.ReadString(); break;
                case "Writable": writable = c.ReadBool("ParameterInfoStruct/Writable"); break;
                default: c.Skip(); break;
            }
        }
        return new ParameterInfo(name ?? throw c.Missing("ParameterInfoStruct", "Name"), writable);
    }

    private static ParameterAttribute ReadParameterAttributeStruct(XmlCursor c)
    {
        string? name = null;
        var notification = 0;
        IReadOnlyList<string> accessList = [];
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Name": name = c.ReadString(); break;
                case "Notification": notification = c.ReadInt("ParameterAttributeStruct/Notification"); break;
                case "AccessList": accessList = ReadStringArray(c); break;
                default: c.Skip(); break;
            }
        }
        return new ParameterAttribute(name ?? throw c.Missing("ParameterAttributeStruct", "Name"), notification, accessList);
    }

    private static SetParameterAttribute ReadSetParameterAttributesStruct(XmlCursor c)
    {
        string? name = null;
        bool notificationChange = false, accessListChange = false;
        var notification = 0;
        IReadOnlyList<string> accessList = [];
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Name": name = c.ReadString(); break;
                case "NotificationChange": notificationChange = c.ReadBool("SetParameterAttributesStruct/NotificationChange"); break;
                case "Notification": notification = c.ReadInt("SetParameterAttributesStruct/Notification"); break;
                case "AccessListChange": accessListChange = c.ReadBool("SetParameterAttributesStruct/AccessListChange"); break;
                case "AccessList": accessList = ReadStringArray(c); break;
                default: c.Skip(); break;
            }
        }
        return new SetParameterAttribute(
            name ?? throw c.Missing("SetParameterAttributesStruct", "Name"), notificationChange, notification, accessListChange, accessList);
    }

    private static ArgStruct ReadArgStruct(XmlCursor c)
    {
        string? name = null;
        var value = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Name": name = c.ReadString(); break;
                case "Value": value = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return new ArgStruct(name ?? throw c.Missing("ArgStruct", "Name"), value);
    }

    private static SetParameterValuesFault ReadSetParameterValuesFault(XmlCursor c)
    {
        string? name = null;
        int? code = null;
        var text = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "ParameterName": name = c.ReadString(); break;
                case "FaultCode": code = c.ReadInt("SetParameterValuesFault/FaultCode"); break;
                case "FaultString": text = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return new SetParameterValuesFault(
            name ?? throw c.Missing("SetParameterValuesFault", "ParameterName"),
            code ?? throw c.Missing("SetParameterValuesFault", "FaultCode"),
            text);
    }
}
