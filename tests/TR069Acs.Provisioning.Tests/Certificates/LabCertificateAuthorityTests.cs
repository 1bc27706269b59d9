using System.Security.Cryptography.X509Certificates;
using System.Text;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Provisioning.Tests.Support;

namespace TR069Acs.Provisioning.Tests.Certificates;

/// <summary>The lab CA's certificates as OpenSSL sees them (what Apache, curl and nginx would accept), and certificates
/// OpenSSL makes in the guides' layout read back by <see cref="DeviceCertificateSubject"/>.</summary>
public sealed class LabCertificateAuthorityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lab-ca-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(LabKeyAlgorithm.EcdsaP256)]
    [InlineData(LabKeyAlgorithm.Rsa2048)]
    public void OpenSSL_verifies_device_and_server_certificates_for_their_purpose_and_reads_the_Cisco_subject(LabKeyAlgorithm algorithm)
    {
        using var ca = LabCertificateAuthority.Create("CN=Lab CA, O=Example Carrier", algorithm: algorithm);
        PemCertificateFiles.Write(ca.Certificate, PathOf("ca.pem"), PathOf("ca.key"));
        using (var device = ca.IssueDevice("CP-8831-3PCC", "88012BA01234", "00:0E:08:AB:CD:EF", algorithm: algorithm))
        {
            PemCertificateFiles.Write(device, PathOf("device.pem"), PathOf("device.key"));
        }
        using (var server = ca.IssueServer(["prov.example.net", "127.0.0.1"], algorithm: algorithm))
        {
            PemCertificateFiles.Write(server, PathOf("server.pem"), PathOf("server.key"));
        }

        Assert.Contains("device.pem: OK", OpenSsl("verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslclient", PathOf("device.pem")), StringComparison.Ordinal);
        Assert.Contains("server.pem: OK", OpenSsl("verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslserver", PathOf("server.pem")), StringComparison.Ordinal);
        // A client certificate is not a server certificate (extended key usage).
        Assert.NotEqual(0, ExternalTool.Run("openssl", ["verify", "-CAfile", PathOf("ca.pem"), "-purpose", "sslserver", PathOf("device.pem")]).ExitCode);

        var subject = OpenSsl("x509", "-in", PathOf("device.pem"), "-noout", "-subject");
        Assert.Equal("subject=OU = CP-8831-3PCC, L = 88012BA01234, ST = 000e08abcdef, CN = SEP000E08ABCDEF", subject.Trim());
        var alternativeNames = OpenSsl("x509", "-in", PathOf("server.pem"), "-noout", "-ext", "subjectAltName");
        Assert.Contains("DNS:prov.example.net", alternativeNames, StringComparison.Ordinal);
        Assert.Contains("IP Address:127.0.0.1", alternativeNames, StringComparison.Ordinal);

        // The keys are plain PKCS#8 that OpenSSL reads, and only their owner can read them.
        OpenSsl("pkey", "-in", PathOf("device.key"), "-noout");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("device.key")));
        }
    }

    [Fact]
    public void A_certificate_OpenSSL_makes_in_the_guides_layout_reads_as_product_serial_and_MAC()
    {
        OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", PathOf("phone.key"), "-out", PathOf("phone.pem"),
            "-subj", "/OU=CP-8831-3PCC/L=88012BA01234/ST=000e08abcdef");
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-keyout", PathOf("generic.key"), "-out", PathOf("generic.pem"), "-subj", "/OU=cisco.com/L=ciscogeneric/ST=ciscogeneric");

        using var phone = PemCertificateFiles.LoadWithKey(PathOf("phone.pem"), PathOf("phone.key"));
        var subject = DeviceCertificateSubject.Parse(phone.SubjectName);
        Assert.Equal(("CP-8831-3PCC", "88012BA01234", "000e08abcdef"), (subject.Product, subject.Serial, subject.Mac));
        Assert.False(subject.IsGeneric);
        Assert.Equal("000e08abcdef", subject["S"]);
        Assert.Equal("000e08abcdef", subject["st"]);
        Assert.True(phone.HasPrivateKey);

        using var generic = PemCertificateFiles.LoadWithKey(PathOf("generic.pem"), PathOf("generic.key"));
        Assert.True(DeviceCertificateSubject.Parse(generic.SubjectName).IsGeneric);
    }

    [Fact]
    public void A_certificate_and_key_in_one_file_load_together_and_a_chain_file_lists_the_intermediates()
    {
        using var ca = LabCertificateAuthority.Create();
        using var device = ca.IssueGenericDevice();
        PemCertificateFiles.Write(device, PathOf("both.pem"), PathOf("both.key"), [ca.Certificate]);
        File.AppendAllText(PathOf("both.pem"), File.ReadAllText(PathOf("both.key")));

        using var loaded = PemCertificateFiles.LoadWithKey(PathOf("both.pem"), null);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(device.Thumbprint, loaded.Thumbprint);
        Assert.Equal(2, PemCertificateFiles.LoadBundle(PathOf("both.pem")).Count);
    }

    [Fact]
    public void Unusable_files_are_named_with_what_is_wrong()
    {
        using var ca = LabCertificateAuthority.Create();
        using var one = ca.IssueDevice("CP-8841-3PCC", "FCH1", "00562b04dd5b");
        using var two = ca.IssueDevice("CP-8841-3PCC", "FCH2", "00562b04dd5c");
        PemCertificateFiles.Write(one, PathOf("one.pem"), PathOf("one.key"));
        PemCertificateFiles.Write(two, PathOf("two.pem"), PathOf("two.key"));
        File.WriteAllBytes(PathOf("der.crt"), one.RawData);
        File.WriteAllText(PathOf("encrypted.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        File.WriteAllText(PathOf("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        Assert.Contains("holds no PEM certificate", Refusal(PathOf("der.crt"), PathOf("one.key")), StringComparison.Ordinal);
        Assert.Contains("does not match the certificate", Refusal(PathOf("one.pem"), PathOf("two.key")), StringComparison.Ordinal);
        Assert.Contains("is encrypted", Refusal(PathOf("one.pem"), PathOf("encrypted.key")), StringComparison.Ordinal);
        Assert.Contains("does not exist", Refusal(PathOf("missing.pem"), null), StringComparison.Ordinal);
        Assert.Contains("is malformed", Refusal(PathOf("broken.pem"), null), StringComparison.Ordinal);
        Assert.Contains("is not a CA certificate",
            Assert.Throws<CertificateFileException>(() => LabCertificateAuthority.Load(PathOf("one.pem"), PathOf("one.key"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ca.IssueDevice("CP-8841-3PCC", "FCH1", "00562b04dd"));
        Assert.Throws<ArgumentException>(() => ca.IssueServer(["not a host!"]));
        Assert.Throws<ArgumentException>(() => LabCertificateAuthority.Create("not a DN"));
    }

    [Fact]
    public void A_leaf_never_outlives_its_CA()
    {
        using var ca = LabCertificateAuthority.Create(days: 10);
        using var device = ca.IssueGenericDevice(days: 3650);
        Assert.True(device.NotAfter <= ca.Certificate.NotAfter);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(device));
    }

    private string Refusal(string certificate, string? key)
    {
        var error = Assert.Throws<CertificateFileException>(() => PemCertificateFiles.LoadWithKey(certificate, key));
        Assert.Contains(Path.GetFileName(error.Path), error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    private static string OpenSsl(params string[] arguments) => Encoding.UTF8.GetString(ExternalTool.RunOk("openssl", arguments));
}
