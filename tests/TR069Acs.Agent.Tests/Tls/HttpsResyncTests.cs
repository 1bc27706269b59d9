using TR069Acs.Agent.Tests.Support;
using TR069Acs.Provisioning.Certificates;

namespace TR069Acs.Agent.Tests.Tls;

/// <summary>The phone's HTTPS identity (<c>acs phone --client-cert --client-key --ca</c>): a resync presents the client
/// certificate and trusts only the given CA; a server signed by another CA, or a server that requires a certificate the
/// phone does not have, is a failed resync that changes nothing.</summary>
public sealed class HttpsResyncTests : IAsyncLifetime
{
    private const string Mac = "0023eb00a001";
    private const string Serial = "FCH23EB0001";
    private readonly string _directory = Directory.CreateTempSubdirectory("agent-tls-").FullName;
    private LabCertificateAuthority _ca = null!;
    private ScriptedAcs _acs = null!;
    private HttpsProvisioningServer _server = null!;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public async Task InitializeAsync()
    {
        _ca = LabCertificateAuthority.Create("CN=Agent Test CA", days: 30);
        PemCertificateFiles.Write(_ca.Certificate, PathOf("ca.pem"), null);
        using (var device = _ca.IssueDevice("CP-8841-3PCC", Serial, Mac, days: 30))
        {
            PemCertificateFiles.Write(device, PathOf("phone.pem"), PathOf("phone.key"));
        }
        using (var other = LabCertificateAuthority.Create("CN=Another CA", days: 30))
        {
            PemCertificateFiles.Write(other.Certificate, PathOf("other-ca.pem"), null);
        }
        await File.WriteAllTextAsync(PathOf("factory.xml"),
            "<flat-profile><Resync_On_Reset>No</Resync_On_Reset><Resync_Periodic>0</Resync_Periodic><Resync_Error_Retry_Delay>0</Resync_Error_Retry_Delay></flat-profile>");
        _acs = await ScriptedAcs.StartAsync();
        _server = await HttpsProvisioningServer.StartAsync(_ca.IssueServer(["localhost", "127.0.0.1"], days: 30), _ca.Certificate);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _acs.DisposeAsync();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_resync_over_HTTPS_presents_the_client_certificate_and_trusts_the_given_CA()
    {
        await using var fleet = await StartAsync(clientCertificate: true, ca: "ca.pem");

        var outcome = await fleet.Phones[0].ResyncAsync($"{_server.BaseUri}$MA.xml");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal($"OU=CP-8841-3PCC,L={Serial},S={Mac}", fleet.Phones[0].GetFlatValue("GPP_D"));
        Assert.Contains($"L={Serial}", Assert.Single(_server.ClientSubjects), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CCERT_tells_a_rule_whether_the_phone_has_a_client_certificate()
    {
        // The guides' pattern: only a phone with a certificate takes the HTTPS path.
        var rule = $"( \"$CCERT\" eq \"Installed\" )? {_server.BaseUri}$MA.xml";
        await using (var withCertificate = await StartAsync(clientCertificate: true, ca: "ca.pem"))
        {
            var outcome = await withCertificate.Phones[0].ResyncAsync(rule);
            Assert.True(outcome.Succeeded, outcome.Error);
            Assert.Equal($"OU=CP-8841-3PCC,L={Serial},S={Mac}", withCertificate.Phones[0].GetFlatValue("GPP_D"));
        }
        await using var without = await StartAsync(clientCertificate: false, ca: "ca.pem");
        var skipped = await without.Phones[0].ResyncAsync(rule);
        Assert.Empty(skipped.Urls);
        Assert.Single(_server.ClientSubjects);   // only the first phone reached the server
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_fails_the_resync_before_any_request()
    {
        await using var fleet = await StartAsync(clientCertificate: true, ca: "other-ca.pem");

        var outcome = await fleet.Phones[0].ResyncAsync($"{_server.BaseUri}$MA.xml");

        Assert.False(outcome.Succeeded);
        Assert.Contains("cannot connect", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_server.ClientSubjects);
        Assert.NotEqual($"OU=CP-8841-3PCC,L={Serial},S={Mac}", fleet.Phones[0].GetFlatValue("GPP_D"));
    }

    [Fact]
    public async Task Without_ca_the_system_store_decides_and_does_not_know_the_lab_CA()
    {
        await using var fleet = await StartAsync(clientCertificate: true, ca: null);

        var outcome = await fleet.Phones[0].ResyncAsync($"{_server.BaseUri}$MA.xml");

        Assert.False(outcome.Succeeded);
        Assert.Empty(_server.ClientSubjects);
    }

    [Fact]
    public async Task Without_a_client_certificate_a_server_that_requires_one_refuses_the_resync()
    {
        await using var fleet = await StartAsync(clientCertificate: false, ca: "ca.pem");

        var outcome = await fleet.Phones[0].ResyncAsync($"{_server.BaseUri}$MA.xml");

        Assert.False(outcome.Succeeded);
        Assert.Empty(_server.ClientSubjects);
    }

    [Fact]
    public async Task Unusable_certificate_files_are_named_when_the_fleet_is_created()
    {
        await File.WriteAllTextAsync(PathOf("garbage.pem"), "not a certificate");

        var notPem = Assert.Throws<ArgumentException>(() => new PhoneFleet(Options(certificate: PathOf("garbage.pem"), key: PathOf("phone.key"))));
        Assert.Contains("--client-cert", notPem.Message, StringComparison.Ordinal);
        Assert.Contains(PathOf("garbage.pem"), notPem.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<ArgumentException>(() => new PhoneFleet(Options(certificate: PathOf("phone.pem"), key: PathOf("ca.pem"))));
        Assert.Contains("holds no PEM private key", mismatch.Message, StringComparison.Ordinal);

        using (var stranger = _ca.IssueGenericDevice(days: 1))
        {
            PemCertificateFiles.Write(stranger, PathOf("generic.pem"), PathOf("generic.key"));
        }
        var otherKey = Assert.Throws<ArgumentException>(() => new PhoneFleet(Options(certificate: PathOf("phone.pem"), key: PathOf("generic.key"))));
        Assert.Contains("does not match the certificate", otherKey.Message, StringComparison.Ordinal);

        var badCa = Assert.Throws<ArgumentException>(() => new PhoneFleet(Options(ca: PathOf("garbage.pem"))));
        Assert.Contains("--ca", badCa.Message, StringComparison.Ordinal);

        var keyAlone = Assert.Throws<ArgumentException>(() => new PhoneFleet(Options(key: PathOf("phone.key"))));
        Assert.Contains("--client-key needs --client-cert", keyAlone.Message, StringComparison.Ordinal);
    }

    private PhoneOptions Options(string? certificate = null, string? key = null, string? ca = null)
    {
        var options = TestFleet.Options(_acs.Url);
        options.Mac = Mac;
        options.Serial = Serial;
        options.ConfigFile = PathOf("factory.xml");
        options.ClientCertificateFile = certificate;
        options.ClientKeyFile = key;
        options.TrustedCaFile = ca;
        return options;
    }

    private Task<PhoneFleet> StartAsync(bool clientCertificate, string? ca)
        => TestFleet.StartAsync(Options(
            clientCertificate ? PathOf("phone.pem") : null,
            clientCertificate ? PathOf("phone.key") : null,
            ca is null ? null : PathOf(ca)));
}
