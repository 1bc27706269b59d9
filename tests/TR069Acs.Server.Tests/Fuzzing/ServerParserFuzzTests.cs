using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Files;
using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Tests.Fuzzing;

/// <summary>The server's own readers of device-supplied text: syslog event wording, the phone's User-Agent and its
/// client certificate's subject. Each returns a result (or none) for any input; none throws.</summary>
public sealed class ServerParserFuzzTests
{
    private static readonly string[] EventSeeds =
    [
        "CP-8841-3PCC 00:56:2b:04:dd:5b -- Requesting resync http://10.0.0.1:80/cfg/spa00562b04dd5b.xml",
        "CP-8841-3PCC 00:56:2b:04:dd:5b -- Resync failed: file not found",
        "SEP00562B04DD5B -- Successful upgrade tftp://[fe80::1]:69/sip88xx.12-0-2.loads",
        "Upgrade failed: bad image",
    ];

    private static readonly string[] AgentSeeds =
    [
        "cisco/CP-8841-3PCC-sip88xx.12-0-1MPP0001-224 (FCH2216ABCD)",
        "Cisco-CP-7841-3PCC/12.0.1 (00562b04dd5b)(FCH12345678)",
        "Linksys/SPA942-6.1.5a (4FS00F500264)",
    ];

    private static readonly string[] Tokens = ["(", ")", "/", "-", " ", "--", ":", "http://", "[", "]", "%", "\0", "é", "\uD800", new string('(', 300), new string('a', 5000), "requesting resync", "failed:"];

    [Fact]
    public void Syslog_text_reports_an_event_or_none()
        => Fuzz.Check(Gen.OneOf(Fuzz.MutatedText(EventSeeds, Tokens), Gen.String), text => ProvisioningEventParser.Parse(text),
            iterations: 4000, print: Fuzz.Show);

    [Fact]
    public void A_User_Agent_names_a_phone_or_nothing()
        => Fuzz.Check(Gen.OneOf(Fuzz.MutatedText(AgentSeeds, Tokens), Gen.String), text => CiscoUserAgent.Parse(text, ParameterCatalogue.Default),
            iterations: 4000, print: Fuzz.Show);

    [Fact]
    public void A_client_certificate_with_any_subject_gives_an_identity()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var values = Gen.OneOf(Gen.String, Gen.Const("00:56:2B:04:DD:5B"), Gen.Const("ciscogeneric"), Gen.Const("cisco.com"), Gen.String.Select(s => s + "0056.2b04.dd5b"));
        Fuzz.Check(Gen.Select(values, values, values), input =>
        {
            var (ou, l, st) = input;
            var builder = new X500DistinguishedNameBuilder();
            builder.AddCommonName("phone");
            X500DistinguishedName subject;
            try
            {
                if (ou.Length > 0)
                {
                    builder.AddOrganizationalUnitName(ou);
                }
                if (l.Length > 0)
                {
                    builder.AddLocalityName(l);
                }
                if (st.Length > 0)
                {
                    builder.AddStateOrProvinceName(st);
                }
                subject = builder.Build();
            }
            catch (CryptographicException)
            {
                return;   // not encodable (an unpaired surrogate): no certificate can carry it
            }
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(5));
            var identity = ClientCertificateIdentity.From(certificate)!;
            Assert.False(string.IsNullOrEmpty(identity.Describe()));
            Assert.True(identity.Mac is null || identity.Mac.Length == 12);
        }, iterations: 800);
    }
}
