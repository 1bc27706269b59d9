using System.Buffers;

namespace TR069Acs.Cwmp;

/// <summary>Writes CWMP SOAP envelopes with the conventional prefixes (soap-env, soap-enc, xsd, xsi, cwmp).</summary>
public static partial class CwmpWriter
{
    /// <summary>Writes <paramref name="envelope"/> as UTF-8 (no BOM) to <paramref name="output"/>.</summary>
    public static void Write(CwmpEnvelope envelope, IBufferWriter<byte> output) => throw new NotImplementedException();

    /// <summary>Writes <paramref name="envelope"/> to a new array.</summary>
    public static byte[] WriteToArray(CwmpEnvelope envelope) => throw new NotImplementedException();
}
