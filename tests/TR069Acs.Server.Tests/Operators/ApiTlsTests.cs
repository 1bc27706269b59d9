using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tls;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>The operator API over HTTPS (<c>Acs:ApiTlsPort</c>) with the certificate of <c>--tls-cert</c>/<c>--tls-key</c>.</summary>
public sealed class ApiTlsTests(TlsLabFixture fixture) : IClassFixture<TlsLabFixture>
{
    private readonly TlsLab _lab = fixture.Lab;

    [Fact]
    public async Task The_api_answers_over_https_with_the_servers_certificate_and_still_wants_a_token()
    {
        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.ApiTlsPort = 0;
            o.FilesTlsPort = 0;
            o.TlsCertificate = _lab.ServerCert;
            o.TlsKey = _lab.ServerKey;
        });
        var https = acs.App.GetApiTlsUri()!;
        Assert.Equal("https", https.Scheme);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_lab.Ca));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust the lab CA only, as an operator's client configured with it would.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is X509Certificate2 c && chain.Build(c);
                },
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = https };

        Assert.Equal(200, (int)(await client.GetAsync("api/health")).StatusCode);
        Assert.Equal(401, (int)(await client.GetAsync("api/devices")).StatusCode);
        using var login = await client.PostAsync("api/auth/login", new StringContent(
            $$"""{"username":"admin","password":"{{acs.AdminPassword}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)login.StatusCode);
        var token = (string)System.Text.Json.Nodes.JsonNode.Parse(await login.Content.ReadAsStringAsync())!["token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(200, (int)(await client.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public void An_https_api_without_a_certificate_or_no_api_at_all_is_refused_at_start_naming_the_setting()
    {
        var noCertificate = Assert.Throws<InvalidOperationException>(() => AcsHost.Build([], o => o.ApiTlsPort = 0));
        Assert.Contains("Acs:ApiTlsPort", noCertificate.Message, StringComparison.Ordinal);
        var noApi = Assert.Throws<InvalidOperationException>(() => AcsHost.Build([], o => o.ApiPort = -1));
        Assert.Contains("Acs:ApiPort -1", noApi.Message, StringComparison.Ordinal);
    }
}
