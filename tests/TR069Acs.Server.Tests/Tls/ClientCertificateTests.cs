using System.Xml.Linq;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tests.Configuration;

namespace TR069Acs.Server.Tests.Tls;

/// <summary>The guides' "HTTPS with client certificate authentication" exercise against the ACS, with the real curl
/// standing in for the phone: the device is identified by its certificate, may fetch only its own profile, and a client
/// without a certificate the client CA verifies gets no TLS session (or, when optional, is served by its User-Agent).</summary>
public sealed class ClientCertificateTests : IClassFixture<TlsLabFixture>
{
    private const string UserAgentA = "cisco/CP-8841-3PCC-sip88xx.12-0-1 (" + ConfigApi.Serial + ")";
    private const string UserAgentB = "cisco/CP-8841-3PCC-sip88xx.12-0-1 (" + TlsLab.SerialB + ")";
    private readonly TlsLab _lab;

    public ClientCertificateTests(TlsLabFixture fixture) => _lab = fixture.Lab;

    [Fact]
    public async Task A_device_certificate_fetches_its_own_profile_by_MAC_and_under_any_other_name()
    {
        await using var acs = await _lab.StartAcsAsync();
        var files = acs.App.GetFilesTlsUri();
        Assert.Equal("https", files.Scheme);

        var byMac = await _lab.CurlAsync(new Uri(files, $"cfg/spa{ConfigApi.Mac.ToLowerInvariant()}.cfg"), _lab.DeviceA);
        Assert.True(byMac.Status == 200, byMac.ToString());
        Assert.Equal("phone A", GppA(byMac));

        // No MAC in the name and curl's own User-Agent: the certificate says who asks (Profile_Rule https://…/profile.xml).
        var byCertificate = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.DeviceA);
        Assert.True(byCertificate.Status == 200, byCertificate.ToString());
        Assert.Equal("phone A", GppA(byCertificate));

        // Phone B's certificate is RSA; it gets phone B's profile from the same name.
        var b = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.DeviceB);
        Assert.Equal("phone B", GppA(b));

        var fetch = (await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config"))["lastProfileFetch"]!;
        Assert.Equal("profile.xml", (string?)fetch["fileName"]);
    }

    [Fact]
    public async Task A_certificate_for_one_MAC_asking_for_another_devices_profile_is_403_with_the_reason()
    {
        await using var acs = await _lab.StartAcsAsync();
        var files = acs.App.GetFilesTlsUri();

        var byName = await _lab.CurlAsync(new Uri(files, $"cfg/{TlsLab.MacB}.cfg"), _lab.DeviceA);
        Assert.True(byName.Status == 403, byName.ToString());
        Assert.Contains("00562b04dd5b", byName.Body, StringComparison.Ordinal);   // whose certificate
        Assert.Contains("MAC 00562b04dd5c", byName.Body, StringComparison.Ordinal);   // whose profile
        Assert.DoesNotContain("phone B", byName.Body, StringComparison.Ordinal);

        // The User-Agent cannot claim another device either: the certificate takes precedence and the mismatch is refused.
        var byAgent = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.DeviceA, UserAgentB);
        Assert.True(byAgent.Status == 403, byAgent.ToString());
        Assert.Contains(TlsLab.DeviceIdB, byAgent.Body, StringComparison.Ordinal);

        // Its own User-Agent with its own certificate is fine.
        var own = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.DeviceA, UserAgentA);
        Assert.Equal("phone A", GppA(own));
    }

    [Fact]
    public async Task A_certificate_without_a_MAC_is_identified_by_its_serial()
    {
        await using var acs = await _lab.StartAcsAsync();
        var files = acs.App.GetFilesTlsUri();

        var own = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.SerialOnlyB);
        var ownByMac = await _lab.CurlAsync(new Uri(files, $"cfg/{TlsLab.MacB}.cfg"), _lab.SerialOnlyB);
        var other = await _lab.CurlAsync(new Uri(files, $"cfg/{ConfigApi.Mac}.cfg"), _lab.SerialOnlyB);

        Assert.Equal("phone B", GppA(own));
        Assert.Equal("phone B", GppA(ownByMac));
        Assert.True(other.Status == 403, other.ToString());
        Assert.Contains($"serial {TlsLab.SerialB}", other.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_the_required_mode_refuses_the_TLS_session()
    {
        await using var acs = await _lab.StartAcsAsync(TlsClientCertificateMode.Required);
        var files = acs.App.GetFilesTlsUri();

        var none = await _lab.CurlAsync(new Uri(files, $"cfg/{ConfigApi.Mac}.cfg"), userAgent: UserAgentA);

        Assert.NotEqual(0, none.ExitCode);   // a TLS failure, not an HTTP answer
        Assert.Equal(0, none.Status);
        Assert.DoesNotContain("phone A", none.Body, StringComparison.Ordinal);

        // The plain HTTP file server is unchanged by HTTPS settings.
        Assert.Equal(200, (int)(await acs.Files.GetAsync($"cfg/{ConfigApi.Mac}.cfg")).StatusCode);
    }

    [Theory]
    [InlineData(TlsClientCertificateMode.Required)]
    [InlineData(TlsClientCertificateMode.Optional)]
    public async Task A_certificate_from_a_CA_the_ACS_does_not_trust_is_refused_in_either_mode(TlsClientCertificateMode mode)
    {
        await using var acs = await _lab.StartAcsAsync(mode);

        var stranger = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), $"cfg/{ConfigApi.Mac}.cfg"), _lab.Stranger);

        Assert.NotEqual(0, stranger.ExitCode);
        Assert.DoesNotContain("phone A", stranger.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_the_optional_mode_serves_by_User_Agent()
    {
        await using var acs = await _lab.StartAcsAsync(TlsClientCertificateMode.Optional);
        var files = acs.App.GetFilesTlsUri();

        var byAgent = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), userAgent: UserAgentB);
        Assert.True(byAgent.Status == 200, byAgent.ToString());
        Assert.Equal("phone B", GppA(byAgent));

        // A certificate, when sent, still decides.
        var certified = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.DeviceA);
        Assert.Equal("phone A", GppA(certified));
    }

    [Fact]
    public async Task A_generic_certificate_falls_back_to_the_User_Agent_serial()
    {
        await using var acs = await _lab.StartAcsAsync();
        var files = acs.App.GetFilesTlsUri();

        var b = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.Generic, UserAgentB);
        Assert.True(b.Status == 200, b.ToString());
        Assert.Equal("phone B", GppA(b));

        var a = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.Generic, UserAgentA);
        Assert.Equal("phone A", GppA(a));

        // It names no device, so it cannot be "another device's" certificate: a MAC name serves that MAC.
        var byMac = await _lab.CurlAsync(new Uri(files, $"cfg/{TlsLab.MacB}.cfg"), _lab.Generic);
        Assert.Equal("phone B", GppA(byMac));

        var unknown = await _lab.CurlAsync(new Uri(files, "cfg/profile.xml"), _lab.Generic);
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Firmware_is_served_over_HTTPS_on_the_same_paths()
    {
        await using var acs = await _lab.StartAcsAsync();

        var missing = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), "firmware/nothing-here.bin"), _lab.DeviceA);
        var elsewhere = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), "api/devices"), _lab.DeviceA);

        Assert.Equal(404, missing.Status);
        Assert.Equal(404, elsewhere.Status);   // the operator API is not reachable on the file server's port
        Assert.Contains("/cfg/", elsewhere.Body, StringComparison.Ordinal);
    }

    private static string? GppA(CurlResult result)
    {
        Assert.True(result.Status == 200, result.ToString());
        return XDocument.Parse(result.Body).Root!.Element("GPP_A")?.Value;
    }
}

/// <summary>One lab PKI per test class: generating keys is the slow part.</summary>
public sealed class TlsLabFixture : IDisposable
{
    internal TlsLab Lab { get; } = TlsLab.Create();

    public void Dispose() => Lab.Dispose();
}
