using System.Diagnostics;

namespace TR069Acs.EndToEnd.Tests.Tls;

/// <summary><c>acs certs ca|server|device</c> as an operator runs them, checked with the real <c>openssl</c>; and
/// <c>acs serve</c> refusing certificate files it cannot use, naming them.</summary>
public sealed class CertsCommandTests : IDisposable
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("certs-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task The_CA_server_and_device_certificates_verify_with_openssl_and_carry_the_Cisco_subject_layout()
    {
        await AcsOkAsync("certs", "ca", "--out-cert", PathOf("ca.pem"), "--out-key", PathOf("ca.key"), "--subject", "CN=Carrier Lab CA, O=Example", "--days", "30");
        await AcsOkAsync("certs", "server", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("ca.key"),
            "--host", "127.0.0.1", "--host", "localhost", "--out-cert", PathOf("server.pem"), "--out-key", PathOf("server.key"));
        var device = await AcsOkAsync("certs", "device", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("ca.key"), "--mac", "00562b04dd5b",
            "--serial", "FCH2216ABCD", "--model", "CP-8841-3PCC", "--out-cert", PathOf("device.pem"), "--out-key", PathOf("device.key"));
        await AcsOkAsync("certs", "device", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("ca.key"), "--generic", "--key-type", "rsa",
            "--out-cert", PathOf("generic.pem"), "--out-key", PathOf("generic.key"));

        Assert.Contains(PathOf("device.pem"), device, StringComparison.Ordinal);
        Assert.Equal($"{PathOf("device.pem")}: OK", (await OpenSslOkAsync("verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslclient", PathOf("device.pem"))).Trim());
        Assert.Equal($"{PathOf("generic.pem")}: OK", (await OpenSslOkAsync("verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslclient", PathOf("generic.pem"))).Trim());
        Assert.Equal($"{PathOf("server.pem")}: OK", (await OpenSslOkAsync("verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslserver", PathOf("server.pem"))).Trim());

        Assert.Equal("subject=OU = CP-8841-3PCC, L = FCH2216ABCD, ST = 00562b04dd5b, CN = SEP00562B04DD5B",
            (await OpenSslOkAsync("x509", "-in", PathOf("device.pem"), "-noout", "-subject")).Trim());
        Assert.Equal("subject=OU = cisco.com, L = ciscogeneric, ST = ciscogeneric, CN = ciscogeneric",
            (await OpenSslOkAsync("x509", "-in", PathOf("generic.pem"), "-noout", "-subject")).Trim());
        var server = await OpenSslOkAsync("x509", "-in", PathOf("server.pem"), "-noout", "-ext", "subjectAltName,extendedKeyUsage");
        Assert.Contains("IP Address:127.0.0.1, DNS:localhost", server, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication", server, StringComparison.Ordinal);
        Assert.Contains("TLS Web Client Authentication", await OpenSslOkAsync("x509", "-in", PathOf("device.pem"), "-noout", "-ext", "extendedKeyUsage"), StringComparison.Ordinal);
        Assert.Contains("rsaEncryption", await OpenSslOkAsync("x509", "-in", PathOf("generic.pem"), "-noout", "-text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_no_file()
    {
        await AcsOkAsync("certs", "ca", "--out-cert", PathOf("ca.pem"), "--out-key", PathOf("ca.key"));
        await File.WriteAllTextAsync(PathOf("not-a-key.pem"), "hello");

        var noMac = await AcsAsync("certs", "device", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("ca.key"), "--out-cert", PathOf("d.pem"));
        var badMac = await AcsAsync("certs", "device", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("ca.key"), "--mac", "00562b",
            "--serial", "X", "--out-cert", PathOf("d.pem"), "--out-key", PathOf("d.key"));
        var badKey = await AcsAsync("certs", "server", "--ca-cert", PathOf("ca.pem"), "--ca-key", PathOf("not-a-key.pem"), "--host", "localhost",
            "--out-cert", PathOf("s.pem"), "--out-key", PathOf("s.key"));

        Assert.NotEqual(0, noMac.ExitCode);
        Assert.Contains("--mac and --serial", noMac.Error, StringComparison.Ordinal);
        Assert.Equal(1, badMac.ExitCode);
        Assert.Contains("'00562b' is not a MAC address", badMac.Error, StringComparison.Ordinal);
        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains($"'{PathOf("not-a-key.pem")}' holds no PEM private key", badKey.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("d.pem")));
        Assert.False(File.Exists(PathOf("s.pem")));
    }

    [Fact]
    public async Task Serve_names_a_certificate_file_that_is_not_PEM_and_exits()
    {
        await File.WriteAllTextAsync(PathOf("server.crt"), "this is not a certificate");

        var serve = await AcsAsync("serve", "--data", PathOf("data"), "--tls-cert", PathOf("server.crt"), "--tls-key", PathOf("server.crt"),
            "--Acs:CwmpPort", "0", "--Acs:ApiPort", "0", "--Acs:FilesPort", "0", "--Acs:FilesTlsPort", "0", "--tftp-port", "-1", "--syslog-port", "-1");

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("Acs:TlsCertificate (--tls-cert)", serve.Error, StringComparison.Ordinal);
        Assert.Contains($"'{PathOf("server.crt")}' holds no PEM certificate", serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Error, StringComparison.Ordinal);   // a message, not a stack trace
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static Task<(int ExitCode, string Output, string Error)> AcsAsync(params string[] arguments) => RunAsync("dotnet", [AcsDll, .. arguments]);

    private static async Task<string> AcsOkAsync(params string[] arguments)
    {
        var result = await AcsAsync(arguments);
        Assert.True(result.ExitCode == 0, $"acs {string.Join(' ', arguments)} → {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    private static async Task<string> OpenSslOkAsync(params string[] arguments)
    {
        var result = await RunAsync("openssl", arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} → {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}
