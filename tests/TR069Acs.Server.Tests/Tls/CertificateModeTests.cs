using System.Security.Cryptography.X509Certificates;
using System.Text;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Tls;

/// <summary><c>Acs:CpeAuth:Mode Certificate</c>: CWMP over HTTPS with a client certificate that names the device.</summary>
public sealed class CertificateModeTests(TlsLabFixture fixture) : IClassFixture<TlsLabFixture>
{
    private readonly TlsLab _lab = fixture.Lab;

    private Task<TestAcs> StartAsync() => TestAcs.StartAsync(o =>
    {
        o.TlsCertificate = _lab.ServerCert;
        o.TlsKey = _lab.ServerKey;
        o.ClientCa = _lab.Ca;
        o.FilesTlsPort = -1;
        o.CwmpTlsPort = 0;
        o.CpeAuth.Mode = CpeAuthMode.Certificate;
    });

    private static HttpClient Client((string Cert, string Key)? identity)
    {
        var handler = new SocketsHttpHandler { UseCookies = true };
        // The lab server certificate is checked by the curl-based tests; here the client side is what matters.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (identity is { } id)
        {
            using var pem = X509Certificate2.CreateFromPemFile(id.Cert, id.Key);
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task<(int Status, string Body)> InformAsync(HttpClient http, Uri cwmp, string serial)
    {
        var inform = Soap.Envelope(Soap.Inform("00562B", ConfigApi.Model, serial, ["0 BOOTSTRAP"], [("Device.DeviceInfo.SoftwareVersion", "certified-1")]));
        using var response = await http.PostAsync(cwmp, new StringContent(inform, Encoding.UTF8, "text/xml"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_certificate_naming_the_device_opens_its_session_another_phones_certificate_or_plain_HTTP_is_refused_with_403()
    {
        await using var acs = await StartAsync();
        var cwmpTls = acs.App.GetCwmpTlsUri()!;
        using var phoneA = Client(_lab.DeviceA);

        var own = await InformAsync(phoneA, cwmpTls, ConfigApi.Serial);
        var asB = await InformAsync(phoneA, cwmpTls, TlsLab.SerialB);
        using var plain = Client(null);
        var overHttp = await InformAsync(plain, acs.CwmpUri, TlsLab.SerialB);

        Assert.Equal(200, own.Status);
        Assert.Equal(403, asB.Status);
        Assert.Contains("names", asB.Body, StringComparison.Ordinal);
        Assert.Equal(403, overHttp.Status);
        Assert.Contains("HTTPS", overHttp.Body, StringComparison.Ordinal);
        // Neither refused Inform registered phone B.
        await TestAcs.EventuallyAsync(async () => (await acs.Api.GetAsync($"api/devices/00562B-{ConfigApi.Model}-{ConfigApi.Serial}")).IsSuccessStatusCode,
            "phone A registered");
        using var b = await acs.Api.GetAsync($"api/devices/00562B-{ConfigApi.Model}-{TlsLab.SerialB}");
        Assert.Equal(404, (int)b.StatusCode);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_TLS_handshake_fails()
    {
        await using var acs = await StartAsync();
        using var anonymous = Client(null);

        await Assert.ThrowsAsync<HttpRequestException>(() => InformAsync(anonymous, acs.App.GetCwmpTlsUri()!, ConfigApi.Serial));
    }

    [Fact]
    public async Task Certificate_mode_without_CWMP_over_HTTPS_and_a_client_CA_refuses_to_start_naming_what_is_missing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestAcs.StartAsync(o => o.CpeAuth.Mode = CpeAuthMode.Certificate));

        Assert.Contains("--client-ca", error.Message, StringComparison.Ordinal);
        Assert.Contains("Acs:CwmpTlsPort", error.Message, StringComparison.Ordinal);
    }
}
