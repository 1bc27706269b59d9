using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CsCheck;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Provisioning.Syslog;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Provisioning.Tests.Fuzzing;

/// <summary>Hostile datagrams and files: TFTP packets (UDP 69/6969), syslog datagrams (UDP 514/5514), firmware images
/// (uploaded by operators, downloaded by phones) and certificate subjects (TLS clients). Each parser returns a result or
/// its documented error, in bounded time and memory.</summary>
public sealed class WireFormatFuzzTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

    private static readonly byte[][] TftpSeeds =
    [
        TftpPacketWriter.Request(TftpOpcode.ReadRequest, "cfg/spa00562b04dd5b.xml", TftpTransferMode.Octet,
            [new TftpOption(TftpOption.BlockSize, "1428"), new TftpOption(TftpOption.TransferSize, "0"), new TftpOption(TftpOption.Timeout, "3")]),
        TftpPacketWriter.Request(TftpOpcode.WriteRequest, "x", TftpTransferMode.NetAscii),
        TftpPacketWriter.Data(1, new byte[512]),
        TftpPacketWriter.Ack(65535),
        TftpPacketWriter.Error(TftpErrorCode.FileNotFound, "File not found"),
        [0, 6, .. "blksize\01468\0tsize\0123\0"u8],
    ];

    private static readonly string[] SyslogSeeds =
    [
        "<134>Dec  6 05:00:00 SEP00562B04DD5B CP-8841-3PCC 00:56:2b:04:dd:5b -- Requesting resync http://10.0.0.1:80/cfg/x.cfg",
        "<11>1 2026-12-06T05:00:00.123456+01:00 phone.example.com cisco 1234 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\"] \uFEFFResync failed: 404",
        "<165>1 - - - - - -",
        "<0>",
    ];

    private static readonly string[] SyslogTokens = ["<", ">", "1 ", "-", " ", "[", "]", "=\"", "\\\"", "\"", "\\]", "T", ":", "+14:00", "Z", "\uFEFF", "\0", "\n", "<999>", "<-1>", "<1910>", "99999999999"];

    [Fact]
    public void Tftp_datagrams_decode_or_name_the_problem()
        => Fuzz.Check(Gen.OneOf(Fuzz.Mutated(TftpSeeds, [[0], [0, 0], [0, 1], [0, 6], "blksize"u8.ToArray(), "tsize"u8.ToArray(), "octet"u8.ToArray()]),
            Gen.Byte.Array[0, 1500]), datagram =>
        {
            if (TftpPacketParser.TryParse(datagram, out var packet, out var error))
            {
                Assert.NotNull(packet);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error!.Message));
            }
        }, iterations: 5000, print: Convert.ToHexString);

    [Fact]
    public void Syslog_datagrams_parse_or_are_refused_with_a_syslog_error()
        => Fuzz.Check(Gen.OneOf(Fuzz.Mutated([.. SyslogSeeds.Select(Encoding.UTF8.GetBytes)], [.. SyslogTokens.Select(Encoding.UTF8.GetBytes)]),
            Gen.Byte.Array[0, 3000]), datagram =>
        {
            try
            {
                var message = SyslogParser.Parse(datagram, Now);
                Assert.NotNull(message);
            }
            catch (SyslogParseException ex) when (ex.Message.Length > 0)
            {
            }
        }, iterations: 5000, print: Fuzz.Show);

    [Fact]
    public void Firmware_images_with_damaged_headers_are_refused_with_a_firmware_error()
    {
        using var signer = FirmwareSigner.Create();
        using var key = signer.CreateVerificationKey();
        byte[][] seeds =
        [
            FirmwareImage.Pack(["CP-8841-3PCC", "CP-8851-3PCC"], "sip88xx.12-0-2MPP0001-1", RandomNumberGenerator.GetBytes(300)),
            FirmwareImage.Pack(["CP-7841-3PCC"], "sip78xx.12-0-1", RandomNumberGenerator.GetBytes(64), signer),
            FirmwareImage.Pack(["X"], "1", []),
        ];
        var options = new FirmwareReadOptions { VerificationKey = key, Model = "CP-8841-3PCC", MaxPayloadBytes = 1 << 20 };
        Fuzz.Check(Fuzz.Mutated(seeds, [[0xFF, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0], [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF]]), image =>
        {
            try
            {
                FirmwareImage.Read(image, options);
            }
            catch (FirmwareImageException ex) when (ex.Message.Length > 0)
            {
            }
        }, iterations: 4000, print: Convert.ToHexString);
    }

    [Fact]
    public void Certificate_subjects_with_any_attribute_values_are_read_as_given()
        => Fuzz.Check(Gen.Select(Gen.String, Gen.String, Gen.String, Gen.String), input =>
        {
            var (ou, l, st, cn) = input;
            var builder = new X500DistinguishedNameBuilder();
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
            if (cn.Length > 0)
            {
                builder.AddCommonName(cn);
            }
            X500DistinguishedName name;
            try
            {
                name = builder.Build();
            }
            catch (CryptographicException)
            {
                return;   // a value no certificate could carry (an unpaired surrogate)
            }
            var subject = DeviceCertificateSubject.Parse(name);
            Assert.Equal(ou.Length > 0 ? ou : null, subject.OrganizationalUnit);
            Assert.Equal(l.Length > 0 ? l : null, subject.Locality);
        }, iterations: 3000);
}
