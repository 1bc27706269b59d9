using System.Text;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Configuration;

/// <summary>Splits the values of a reconciliation into SetParameterValues that each fit one envelope. TR-069 A.3.2.1 makes
/// a SetParameterValues all-or-nothing, so a batch is the unit that succeeds or faults (with a fault per parameter).</summary>
internal static class SetBatches
{
    /// <summary>Parameters per SetParameterValues: a few hundred is what CPE stacks commonly handle in one request.</summary>
    public const int MaxParameters = 200;

    /// <summary>Bytes of the envelope's ParameterValueStructs: half of the 1 MiB body limit the ACS and the phone agent
    /// accept by default (CwmpReaderOptions.MaxBodyBytes), leaving room for the SOAP envelope and XML escaping estimates.</summary>
    public const int MaxBytes = 512 * 1024;

    // <ParameterValueStruct><Name>…</Name><Value xsi:type="xsd:string">…</Value></ParameterValueStruct> and indentation.
    private const int StructOverhead = 120;

    /// <summary>The values in order, cut into batches within <see cref="MaxParameters"/> and <see cref="MaxBytes"/>
    /// (a single value over the byte budget still goes, alone).</summary>
    public static List<List<ParameterValue>> Split(IReadOnlyList<ParameterValue> values)
    {
        var batches = new List<List<ParameterValue>>();
        var current = new List<ParameterValue>();
        var bytes = 0;
        foreach (var value in values)
        {
            var size = StructOverhead + EscapedBytes(value.Name) + EscapedBytes(value.Value);
            if (current.Count > 0 && (current.Count == MaxParameters || bytes + size > MaxBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(value);
            bytes += size;
        }
        if (current.Count > 0)
        {
            batches.Add(current);
        }
        return batches;
    }

    // UTF-8 size with XML escapes (&amp; is the longest common one, &quot; 6 bytes).
    private static int EscapedBytes(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        foreach (var c in text)
        {
            if (c is '&' or '<' or '>' or '"' or '\'')
            {
                bytes += 5;
            }
        }
        return bytes;
    }
}
