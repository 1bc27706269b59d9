using System.Diagnostics;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Tls;

/// <summary>A lab PKI in a temporary directory, made with <see cref="LabCertificateAuthority"/> as <c>acs certs</c> makes
/// it: a CA, the server's certificate for 127.0.0.1/localhost, device certificates for two phones, a generic one, and
/// a device certificate from a CA the ACS does not trust.</summary>
internal sealed class TlsLab : IDisposable
{
    public const string MacB = "00562B04DD5C";
    public const string SerialB = "FCH2216ABCE";
    public const string DeviceIdB = "00562B-CP-8841-3PCC-FCH2216ABCE";

    private TlsLab(string directory) => Directory = directory;

    public string Directory { get; }

    public string Ca => PathOf("ca.pem");

    public string ServerCert => PathOf("server.pem");

    public string ServerKey => PathOf("server.key");

    public (string Cert, string Key) DeviceA => (PathOf("a.pem"), PathOf("a.key"));

    public (string Cert, string Key) DeviceB => (PathOf("b.pem"), PathOf("b.key"));

    public (string Cert, string Key) Generic => (PathOf("generic.pem"), PathOf("generic.key"));

    /// <summary>Phone B's certificate whose S is no MAC: it names the device by its serial (L) alone.</summary>
    public (string Cert, string Key) SerialOnlyB => (PathOf("serial-b.pem"), PathOf("serial-b.key"));

    /// <summary>A device certificate for phone A signed by another CA.</summary>
    public (string Cert, string Key) Stranger => (PathOf("stranger.pem"), PathOf("stranger.key"));

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static TlsLab Create()
    {
        var lab = new TlsLab(System.IO.Directory.CreateTempSubdirectory("acs-tls-").FullName);
        using var ca = LabCertificateAuthority.Create("CN=Test Provisioning CA, O=TR069Acs tests", days: 30);
        PemCertificateFiles.Write(ca.Certificate, lab.Ca, lab.PathOf("ca.key"));
        using (var server = ca.IssueServer(["127.0.0.1", "localhost"], days: 30))
        {
            PemCertificateFiles.Write(server, lab.ServerCert, lab.ServerKey);
        }
        using (var a = ca.IssueDevice(ConfigApi.Model, ConfigApi.Serial, ConfigApi.Mac, days: 30))
        {
            PemCertificateFiles.Write(a, lab.DeviceA.Cert, lab.DeviceA.Key);
        }
        // Phone B's certificate is RSA, as older units carry.
        using (var b = ca.IssueDevice(ConfigApi.Model, SerialB, MacB, days: 30, LabKeyAlgorithm.Rsa2048))
        {
            PemCertificateFiles.Write(b, lab.DeviceB.Cert, lab.DeviceB.Key);
        }
        using (var serialOnly = ca.IssueClient(new DeviceCertificateSubject("phone-b", null, ConfigApi.Model, SerialB, "unknown", null), days: 30))
        {
            PemCertificateFiles.Write(serialOnly, lab.SerialOnlyB.Cert, lab.SerialOnlyB.Key);
        }
        using (var generic = ca.IssueGenericDevice(days: 30))
        {
            PemCertificateFiles.Write(generic, lab.Generic.Cert, lab.Generic.Key);
        }
        using var other = LabCertificateAuthority.Create("CN=Someone Else's CA", days: 30);
        using (var stranger = other.IssueDevice(ConfigApi.Model, ConfigApi.Serial, ConfigApi.Mac, days: 30))
        {
            PemCertificateFiles.Write(stranger, lab.Stranger.Cert, lab.Stranger.Key);
        }
        return lab;
    }

    /// <summary>An ACS with the HTTPS file server on a free port, client certificates verified against the lab CA,
    /// phones A and B pre-registered with their own GPP_A, and <paramref name="globalParameters"/> in the global scope.</summary>
    public async Task<TestAcs> StartAcsAsync(TlsClientCertificateMode mode = TlsClientCertificateMode.Required,
        string globalParameters = """{"GPP_C":"global"}""", Action<AcsOptions>? configure = null)
    {
        var acs = await TestAcs.StartAsync(o =>
        {
            o.FilesTlsPort = 0;
            o.TlsCertificate = ServerCert;
            o.TlsKey = ServerKey;
            o.ClientCa = Ca;
            o.ClientCertificateMode = mode;
            configure?.Invoke(o);
        });
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.PreRegisterAsync(acs, MacB, SerialB);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", globalParameters);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"phone A"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{DeviceIdB}", """{"GPP_A":"phone B"}""");
        return acs;
    }

    /// <summary>The real curl against <paramref name="url"/>, trusting the lab CA, with an optional client certificate and
    /// User-Agent. Status is the HTTP status (0 when no response came back).</summary>
    public async Task<CurlResult> CurlAsync(Uri url, (string Cert, string Key)? certificate = null, string? userAgent = null, string? caFile = null)
    {
        var arguments = new List<string> { "-sS", "--max-time", "20", "--cacert", caFile ?? Ca, "-o", "-", "-w", "\n%{http_code}" };
        if (certificate is { } c)
        {
            arguments.AddRange(["--cert", c.Cert, "--key", c.Key]);
        }
        if (userAgent is not null)
        {
            arguments.AddRange(["-A", userAgent]);
        }
        arguments.Add(url.ToString());
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(psi.ArgumentList.Add);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        var newline = text.LastIndexOf('\n');
        var status = int.TryParse(text[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 0;
        return new CurlResult(process.ExitCode, status, newline < 0 ? "" : text[..newline], await error);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

internal sealed record CurlResult(int ExitCode, int Status, string Body, string Error)
{
    public override string ToString() => $"curl exit {ExitCode}, HTTP {Status}: {Body} {Error}";
}
