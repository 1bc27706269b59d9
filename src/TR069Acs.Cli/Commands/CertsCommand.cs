using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using TR069Acs.Provisioning.Certificates;

namespace TR069Acs.Cli.Commands;

/// <summary>
/// <c>acs certs ca|server|device</c>: a lab CA, the provisioning server's certificate and phone client certificates in
/// the Cisco subject layout (<c>OU=model, L=serial, S=MAC</c>), as PEM files OpenSSL, curl and <c>acs serve
/// --tls-cert/--client-ca</c> read (issue 4 §3). Production keeps its own CA; this is for labs and tests.
/// </summary>
internal static class CertsCommand
{
    public static Command Create() => new("certs", "Create a lab CA, a server certificate and phone client certificates (PEM).")
    {
        Ca(),
        Server(),
        Device(),
    };

    private static Command Ca()
    {
        var subject = new Option<string>("--subject") { Description = "Distinguished name of the CA.", DefaultValueFactory = _ => "CN=TR069Acs Lab CA" };
        var days = DaysOption(3650);
        var keyType = KeyTypeOption();
        var (outCert, outKey) = OutputOptions("ca");
        var command = new Command("ca", "Create a self-signed CA (certificate and key).") { subject, days, keyType, outCert, outKey };
        command.SetAction(result => Run(() =>
        {
            using var ca = LabCertificateAuthority.Create(result.GetValue(subject)!, result.GetValue(days), KeyType(result, keyType));
            return Write(ca.Certificate, result.GetValue(outCert)!, result.GetValue(outKey)!);
        }));
        return command;
    }

    private static Command Server()
    {
        var (caCert, caKey) = CaOptions();
        var hosts = new Option<string[]>("--host")
        {
            Description = "DNS name or IP address the server is reached by (repeat for several); the first is also the CN.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var days = DaysOption(825);
        var keyType = KeyTypeOption();
        var (outCert, outKey) = OutputOptions("server");
        var command = new Command("server", "Issue a TLS server certificate (serverAuth; DNS and IP subject alternative names).")
        {
            caCert, caKey, hosts, days, keyType, outCert, outKey,
        };
        command.SetAction(result => Run(() =>
        {
            using var ca = LabCertificateAuthority.Load(result.GetValue(caCert)!.FullName, result.GetValue(caKey)!.FullName);
            using var certificate = ca.IssueServer(result.GetValue(hosts)!, result.GetValue(days), KeyType(result, keyType));
            return Write(certificate, result.GetValue(outCert)!, result.GetValue(outKey)!);
        }));
        return command;
    }

    private static Command Device()
    {
        var (caCert, caKey) = CaOptions();
        var mac = new Option<string?>("--mac") { Description = "MAC address (S), 12 hex digits." };
        var serial = new Option<string?>("--serial") { Description = "Serial number (L), e.g. FCH2216ABCD." };
        var model = new Option<string>("--model") { Description = "Product (OU).", DefaultValueFactory = _ => "CP-8841-3PCC" };
        var commonName = new Option<string?>("--cn") { Description = "Common name; default SEP and the MAC." };
        var generic = new Option<bool>("--generic")
        {
            Description = "The generic certificate of units without an individual one: OU=cisco.com, L=ciscogeneric, S=ciscogeneric.",
        };
        var days = DaysOption(3650);
        var keyType = KeyTypeOption();
        var (outCert, outKey) = OutputOptions("device");
        var command = new Command("device", "Issue a phone client certificate (clientAuth; subject OU=model, L=serial, S=MAC).")
        {
            caCert, caKey, mac, serial, model, commonName, generic, days, keyType, outCert, outKey,
        };
        command.Validators.Add(result =>
        {
            var isGeneric = result.GetValue(generic);
            if (isGeneric && (result.GetValue(mac) is not null || result.GetValue(serial) is not null))
            {
                result.AddError("--generic certificates carry no MAC or serial: drop --mac and --serial.");
            }
            else if (!isGeneric && (result.GetValue(mac) is null || result.GetValue(serial) is null))
            {
                result.AddError("A device certificate needs --mac and --serial (or --generic).");
            }
        });
        command.SetAction(result => Run(() =>
        {
            using var ca = LabCertificateAuthority.Load(result.GetValue(caCert)!.FullName, result.GetValue(caKey)!.FullName);
            var algorithm = KeyType(result, keyType);
            using var certificate = result.GetValue(generic)
                ? ca.IssueGenericDevice(result.GetValue(days), algorithm)
                : ca.IssueDevice(result.GetValue(model)!, result.GetValue(serial)!, result.GetValue(mac)!, result.GetValue(days), algorithm, result.GetValue(commonName));
            return Write(certificate, result.GetValue(outCert)!, result.GetValue(outKey)!);
        }));
        return command;
    }

    private static (Option<FileInfo> Cert, Option<FileInfo> Key) CaOptions()
        => (new Option<FileInfo>("--ca-cert") { Description = "The CA certificate (PEM).", Required = true }.AcceptExistingOnly(),
            new Option<FileInfo>("--ca-key") { Description = "The CA private key (PEM).", Required = true }.AcceptExistingOnly());

    private static (Option<FileInfo> Cert, Option<FileInfo> Key) OutputOptions(string stem)
        => (new Option<FileInfo>("--out-cert") { Description = "Certificate file to write (PEM).", DefaultValueFactory = _ => new FileInfo(stem + ".pem") },
            new Option<FileInfo>("--out-key") { Description = "Private key file to write (PEM, PKCS#8, mode 600).", DefaultValueFactory = _ => new FileInfo(stem + ".key") });

    private static Option<int> DaysOption(int days) => new("--days") { Description = "Validity in days.", DefaultValueFactory = _ => days };

    private static Option<string> KeyTypeOption()
    {
        var option = new Option<string>("--key-type") { Description = "ec (ECDSA P-256) or rsa (RSA 2048).", DefaultValueFactory = _ => "ec" };
        option.AcceptOnlyFromAmong("ec", "rsa");
        return option;
    }

    private static LabKeyAlgorithm KeyType(ParseResult result, Option<string> option)
        => result.GetValue(option) == "rsa" ? LabKeyAlgorithm.Rsa2048 : LabKeyAlgorithm.EcdsaP256;

    private static string Write(X509Certificate2 certificate, FileInfo cert, FileInfo key)
    {
        PemCertificateFiles.Write(certificate, cert.FullName, key.FullName);
        return $"{certificate.Subject} → {cert.FullName}, key {key.FullName} (valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})";
    }

    // Unusable input (a CA file that is not PEM, a bad MAC or subject) is named, not thrown.
    private static int Run(Func<string> action)
    {
        try
        {
            Console.WriteLine(action());
            return 0;
        }
        catch (Exception e) when (e is CertificateFileException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
