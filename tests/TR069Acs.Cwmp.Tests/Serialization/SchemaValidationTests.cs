using System.Xml;
using System.Xml.Schema;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

/// <summary>Everything the writer emits is valid against our own XSD (schemas/cwmp), in every CWMP namespace.</summary>
public sealed class SchemaValidationTests
{
    private static readonly string _schemaDir = Path.Combine(AppContext.BaseDirectory, "schemas");

    [Theory]
    [MemberData(nameof(Samples.NamesAndVersions), MemberType = typeof(Samples))]
    public void Every_message_the_writer_emits_is_valid(string name, CwmpVersion version)
    {
        var header = new CwmpHeader("id-1", HoldRequests: false, SessionTimeout: 30, SupportedCwmpVersions: "1.0,1.2,1.4", UseCwmpVersion: "1.2");
        var bytes = CwmpWriter.WriteToArray(new CwmpEnvelope(version, header, Samples.All[name]));

        Assert.Empty(Validate(bytes, version));
    }

    [Fact]
    public void An_inform_with_many_parameters_and_no_header_is_valid()
    {
        var bytes = CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_0, CwmpHeader.Empty, Samples.Inform(parameters: 40)));

        Assert.Empty(Validate(bytes, CwmpVersion.V1_0));
    }

    [Fact]
    public void The_schema_rejects_unknown_and_misordered_arguments()
    {
        var xml = Wire.CpeEnvelope("""
            <cwmp:Reboot><CommandKey>k</CommandKey><Extra/></cwmp:Reboot>
            """, header: "<cwmp:ID SOAP-ENV:mustUnderstand=\"1\">1</cwmp:ID>");
        var misordered = Wire.CpeEnvelope("""
            <cwmp:ScheduleInform><CommandKey>k</CommandKey><DelaySeconds>5</DelaySeconds></cwmp:ScheduleInform>
            """);

        // An error naming the offending element, not merely any warning (a schema that failed to load warns too).
        AssertError(Validate(System.Text.Encoding.UTF8.GetBytes(xml), CwmpVersion.V1_0), "'Extra'");
        AssertError(Validate(System.Text.Encoding.UTF8.GetBytes(misordered), CwmpVersion.V1_0), "'DelaySeconds'");
    }

    [Fact]
    public void The_schema_rejects_an_array_without_array_type_and_a_message_of_another_version()
    {
        var noArrayType = Wire.CpeEnvelope("""
            <cwmp:GetParameterValues><ParameterNames><string>Device.</string></ParameterNames></cwmp:GetParameterValues>
            """);
        var otherVersion = CwmpWriter.WriteToArray(Wire.Envelope(new GetRPCMethods(), CwmpVersion.V1_2));

        AssertError(Validate(System.Text.Encoding.UTF8.GetBytes(noArrayType), CwmpVersion.V1_0), "arrayType");
        AssertError(Validate(otherVersion, CwmpVersion.V1_0), "urn:dslforum-org:cwmp-1-2:GetRPCMethods");
    }

    private static void AssertError(List<string> problems, string naming)
        => Assert.True(problems.Any(p => p.StartsWith("Error:", StringComparison.Ordinal) && p.Contains(naming, StringComparison.Ordinal)),
            $"expected a validation error naming {naming}; got: {(problems.Count == 0 ? "none" : string.Join(" | ", problems))}");

    [Fact]
    public void The_schema_checks_a_value_against_its_xsi_type()
    {
        var bytes = CwmpWriter.WriteToArray(Wire.Envelope(
            new GetParameterValuesResponse([new ParameterValue("Device.DeviceInfo.UpTime", "soon", "xsd:unsignedInt")]), CwmpVersion.V1_0));

        Assert.Contains(Validate(bytes, CwmpVersion.V1_0), p => p.Contains("unsignedInt", StringComparison.Ordinal));
    }

    private static List<string> Validate(byte[] xml, CwmpVersion version)
    {
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = LoadSchemas(version),
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
        };
        var problems = new List<string>();
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }
        return problems;
    }

    // cwmp.xsd targets cwmp-1-0; the same messages in another version's namespace are checked by substituting it.
    private static XmlSchemaSet LoadSchemas(CwmpVersion version)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(LoadSchema("soap-envelope.xsd", s => s));
        set.Add(LoadSchema("soap-encoding.xsd", s => s));
        set.Add(LoadSchema("cwmp.xsd", s => s.Replace(CwmpNamespaces.Cwmp10, CwmpNamespaces.For(version), StringComparison.Ordinal)));
        set.Compile();
        return set;
    }

    private static XmlSchema LoadSchema(string file, Func<string, string> edit)
    {
        var text = edit(File.ReadAllText(Path.Combine(_schemaDir, file)));
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XmlSchema.Read(reader, (_, e) => throw e.Exception)!;
    }
}
