using System.Xml.Linq;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Tls;

/// <summary>Server-side template variables: the guides' CGI reflector (<c>GPP_D</c> = the certificate's OU, L and S) as a
/// profile value, filled per request, with the phone's own <c>$</c> macros left for the phone.</summary>
public sealed class ProfileTemplateTests : IClassFixture<TlsLabFixture>
{
    private const string Templates = """
        {"GPP_D":"{{cert.OU}} {{cert.L}} {{cert.S}}",
         "GPP_E":"$MA {{ device.serial }} $(PN) {{request.scheme}} {{device.mac}} {{device.model}}",
         "GPP_F":"{{cert.CN}}|{{request.userAgent}}|{{request.remote}}|{{device.id}}"}
        """;

    private readonly TlsLab _lab;

    public ProfileTemplateTests(TlsLabFixture fixture) => _lab = fixture.Lab;

    [Fact]
    public async Task The_reflector_template_writes_the_device_certificates_OU_L_and_S_into_GPP_D()
    {
        await using var acs = await _lab.StartAcsAsync(globalParameters: Templates);

        var result = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), "cfg/profile.xml"), _lab.DeviceA, "phone-a-agent");
        Assert.True(result.Status == 200, result.ToString());
        var profile = XDocument.Parse(result.Body).Root!;

        Assert.Equal("CP-8841-3PCC FCH2216ABCD 00562b04dd5b", profile.Element("GPP_D")!.Value);
        Assert.Equal("$MA FCH2216ABCD $(PN) https 00562b04dd5b CP-8841-3PCC", profile.Element("GPP_E")!.Value);
        Assert.Equal($"SEP00562B04DD5B|phone-a-agent|127.0.0.1|{ConfigApi.DeviceId}", profile.Element("GPP_F")!.Value);
    }

    [Fact]
    public async Task A_generic_certificate_reflects_the_generic_strings_and_the_User_Agent_device()
    {
        await using var acs = await _lab.StartAcsAsync(globalParameters: Templates);

        var result = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), "cfg/profile.xml"), _lab.Generic,
            $"cisco/CP-8841-3PCC-sip88xx.12-0-1 ({TlsLab.SerialB})");
        var profile = XDocument.Parse(result.Body).Root!;

        Assert.Equal("cisco.com ciscogeneric ciscogeneric", profile.Element("GPP_D")!.Value);
        Assert.Equal("$MA FCH2216ABCE $(PN) https 00562b04dd5c CP-8841-3PCC", profile.Element("GPP_E")!.Value);
    }

    [Fact]
    public async Task Over_plain_HTTP_certificate_variables_are_empty_and_the_rest_is_filled()
    {
        await using var acs = await _lab.StartAcsAsync(globalParameters: Templates);

        var profile = XDocument.Parse(await acs.Files.GetStringAsync($"cfg/{ConfigApi.Mac}.xml")).Root!;

        Assert.Equal("", profile.Element("GPP_D")!.Value.Trim());
        Assert.Equal("$MA FCH2216ABCD $(PN) http 00562b04dd5b CP-8841-3PCC", profile.Element("GPP_E")!.Value);
        // The stored value keeps the template: the API shows what the operator wrote.
        var stored = await acs.GetJsonAsync("api/config/global");
        Assert.Equal("{{cert.OU}} {{cert.L}} {{cert.S}}", (string?)stored["parameters"]!["GPP_D"]);
    }

    [Theory]
    [InlineData("""{"GPP_D":"{{cert.XX}}"}""", "parameters.GPP_D", "Unknown template variable '{{cert.XX}}' in GPP_D")]
    [InlineData("""{"GPP_D":"{{device.secret}}"}""", "parameters.GPP_D", "device.serial")]
    [InlineData("""{"GPP_D":"a {{cert.OU b"}""", "parameters.GPP_D", "no closing '}}'")]
    [InlineData("""{"_encryptionKey":"{{device.serial}}"}""", "parameters._encryptionKey", "cannot use template variables")]
    public async Task A_scope_with_an_unknown_variable_is_refused_with_400_naming_it(string parameters, string field, string expected)
    {
        await using var acs = await TestAcs.StartAsync();

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, "api/config/global", $$"""{"parameters":{{parameters}}}""");

        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["errors"]![field]![0]!, StringComparison.Ordinal);
        Assert.Empty((await acs.GetJsonAsync("api/config/global"))["parameters"]!.AsObject());
    }

    [Fact]
    public async Task Over_TR069_device_variables_are_filled_and_request_variables_wait_for_a_resync()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = acs.Cpe(serial: "FCH0000TMPL", oui: "00562B", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var update = await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC",
            """{"GPP_B":"sn={{device.serial}}","GPP_D":"{{cert.OU}}"}""");

        var pushed = Assert.Single(update["pushed"]!.AsArray())!;
        Assert.Equal(["GPP_B"], pushed["parameters"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Contains(">sn=FCH0000TMPL</Value>", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", request.Body, StringComparison.Ordinal);
    }
}
