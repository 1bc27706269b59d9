using System.Text;
using CsCheck;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Fuzzing;

/// <summary>Hostile bytes on the CWMP port: whatever a CPE (or anyone reaching TCP 7547) posts, the reader returns an
/// envelope or throws <see cref="CwmpFormatException"/> naming the problem, in bounded time and memory.</summary>
public sealed class CwmpReaderFuzzTests
{
    // Every message the codec knows in every version, and a real CPE's Inform: the grammar's happy paths to mutate.
    private static readonly byte[][] Seeds =
    [
        Encoding.UTF8.GetBytes(CpeEnvelopes.LinksysInform),
        .. from message in Samples.All.Values
           from version in Enum.GetValues<CwmpVersion>()
           select CwmpWriter.WriteToArray(new CwmpEnvelope(version, new CwmpHeader(Id: "fuzz-1", SessionTimeout: 30), message)),
    ];

    private static readonly string[] Tokens =
    [
        "<", ">", "</", "/>", "\"", "'", "=", " ", "\0", "\uFFFE", "\uD800", "é", "&amp;", "&#0;", "&#x10FFFF;", "&#xD800;", "&nbsp;",
        "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<!DOCTYPE e [<!ENTITY a \"aaaa\">]>", "&a;",
        "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-9\"", "xmlns=\"\"", "soap-enc:arrayType=\"cwmp:ParameterValueStruct[2147483647]\"",
        "xsi:type=\"xsd:unsignedInt\"", "xsi:type=\"xsd:dateTime\"", "xsi:type=\"q:r\"", "4294967296", "-1", "99999999999999999999",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:60+14:00", "true", "2",
        "<ParameterValueStruct><Name>a</Name><Value>b</Value></ParameterValueStruct>", "<EventStruct><EventCode>1 BOOT</EventCode></EventStruct>",
        "<cwmp:ID soap-env:mustUnderstand=\"1\">x</cwmp:ID>", "<cwmp:Inform>", "</cwmp:Inform>", "<soap-env:Body>", "</soap-env:Body>",
        "<cwmp:Fault>", "<FaultCode>9003</FaultCode>", string.Concat(Enumerable.Repeat("<a>", 80)),
    ];

    [Fact]
    public void Random_bytes_are_refused_with_a_format_error()
        => Fuzz.Check(Gen.Byte.Array[0, 4096], Read, iterations: 2000, print: Fuzz.Show);

    [Fact]
    public void Mutated_real_envelopes_are_read_or_refused_with_a_format_error()
        => Fuzz.Check(Fuzz.Mutated(Seeds, [.. Tokens.Select(Encoding.UTF8.GetBytes)]), Read, iterations: 8000, print: Fuzz.Show);

    [Fact]
    public void Envelopes_built_from_the_grammar_s_tokens_are_read_or_refused_with_a_format_error()
        => Fuzz.Check(Fuzz.Tokens(Tokens, 60).Select(t => Encoding.UTF8.GetBytes(
            $"<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"><soap-env:Body>{t}</soap-env:Body></soap-env:Envelope>")),
            Read, iterations: 2000, print: Fuzz.Show);

    [Fact]
    public void Oversized_and_deeply_nested_envelopes_are_refused_within_the_limits()
        => Fuzz.Check(Gen.Select(Gen.Int[1, 30_000], Gen.Int[0, 3]), input =>
        {
            var (count, shape) = input;
            var body = shape switch
            {
                0 => string.Concat(Enumerable.Repeat("<x>", count)) + string.Concat(Enumerable.Repeat("</x>", count)),
                1 => "<cwmp:GetParameterValuesResponse><ParameterList>" + string.Concat(Enumerable.Repeat(
                    "<ParameterValueStruct><Name>n</Name><Value>v</Value></ParameterValueStruct>", count)) + "</ParameterList></cwmp:GetParameterValuesResponse>",
                2 => "<cwmp:Inform><DeviceId><OUI>" + new string('A', count * 40) + "</OUI></DeviceId></cwmp:Inform>",
                _ => "<cwmp:GetRPCMethodsResponse><MethodList>" + string.Concat(Enumerable.Repeat("<string/>", count)) + "</MethodList></cwmp:GetRPCMethodsResponse>",
            };
            Read(Encoding.UTF8.GetBytes(
                $"<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"><soap-env:Body>{body}</soap-env:Body></soap-env:Envelope>"));
        }, iterations: 60, print: i => $"{i.Item1} × shape {i.Item2}");

    private static void Read(byte[] bytes)
    {
        try
        {
            var envelope = CwmpReader.Read(bytes);
            Assert.NotNull(envelope.Body);
        }
        catch (CwmpFormatException ex) when (ex.Message.Length > 0)
        {
            // The documented refusal.
        }
    }
}
