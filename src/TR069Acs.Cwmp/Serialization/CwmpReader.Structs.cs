using System.Globalization;

namespace TR069Acs.Cwmp;

public static partial class CwmpReader
{
    // A soap-enc:arrayType length is only a hint for the list's capacity; a hostile "[2000000000]" must not
    // allocate, so the hint is capped and the list grows past it as entries arrive.
    private const int MaxCapacityHint = 256;

    /// <summary>Reads a soap-enc array: every child element is one entry, whatever it is called, since CPE stacks
    /// vary (ParameterValueStruct, item, string …).</summary>
    private static List<T> ReadArray<T>(XmlCursor c, Func<XmlCursor, T> readEntry)
    {
        var list = new List<T>(CapacityHint(c));
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
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
                    name = c.ReadString();
                    break;
                case "Value":
                    type = ReadXsiType(c);
                    value = c.ReadString();
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
                case "EventCode": code = c.ReadString().Trim(); break;
                case "CommandKey": commandKey = c.ReadString(); break;
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
                case "Manufacturer": manufacturer = c.ReadString(); break;
                case "OUI": oui = c.ReadString().Trim(); break;
                case "ProductClass": productClass = c.ReadString(); break;
                case "SerialNumber": serial = c.ReadString().Trim(); break;
                default: c.Skip(); break;
            }
        }
        return new DeviceId(
            manufacturer ?? throw c.Missing("Inform/DeviceId", "Manufacturer"),
            oui ?? throw c.Missing("Inform/DeviceId", "OUI"),
            productClass ?? throw c.Missing("Inform/DeviceId", "ProductClass"),
            serial ?? throw c.Missing("Inform/DeviceId", "SerialNumber"));
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
