using System.Buffers.Binary;
using System.Security.Cryptography;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Provisioning.Tests.Firmware;

public class FirmwareImageTests
{
    private static readonly string[] Models = ["CP-8841-3PCC", "CP-8851-3PCC"];
    private static readonly byte[] Payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void A_packed_image_reads_back_with_its_header()
    {
        var created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var image = FirmwareImage.Pack(Models, "sip88xx.11-2-3MSR1-1", Payload, createdAt: created);
        var read = FirmwareImage.Read(image, new FirmwareReadOptions { Model = "cp-8841-3pcc", KeepPayload = true });
        Assert.Equal(Models, read.Header.Models);
        Assert.Equal("sip88xx.11-2-3MSR1-1", read.Version);
        Assert.Equal(Payload.Length, read.Header.PayloadLength);
        Assert.Equal(SHA256.HashData(Payload), read.Header.PayloadSha256);
        Assert.Equal(created, read.Header.CreatedAt);
        Assert.Equal(SignatureStatus.Unsigned, read.Signature);
        Assert.Equal(Payload, read.Payload);
    }

    [Fact]
    public void Reading_from_a_stream_verifies_without_keeping_the_payload()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        var read = FirmwareImage.Read(new MemoryStream(image));
        Assert.Null(read.Payload);
        Assert.Equal("11.0.2", read.Version);
    }

    [Fact]
    public void A_signed_image_verifies_and_a_tampered_header_does_not()
    {
        using var signer = FirmwareSigner.Create();
        using var key = signer.CreateVerificationKey();
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload, signer);
        var read = FirmwareImage.Read(image, new FirmwareReadOptions { VerificationKey = key, RequireSignature = true });
        Assert.Equal(SignatureStatus.Valid, read.Signature);
        Assert.Equal(signer.KeyId, read.Header.KeyId);
        Assert.Equal(SignatureStatus.NotVerified, FirmwareImage.Read(image).Signature);

        // Re-point the version string: same length, different text.
        var tampered = (byte[])image.Clone();
        var at = IndexOf(tampered, "11.0.2"u8);
        tampered[at + 5] = (byte)'9';
        Assert.Equal(FirmwareErrorKind.BadSignature, Refused(tampered, new FirmwareReadOptions { VerificationKey = key }));

        using var other = FirmwareSigner.Create();
        using var otherKey = other.CreateVerificationKey();
        Assert.Equal(FirmwareErrorKind.BadSignature, Refused(image, new FirmwareReadOptions { VerificationKey = otherKey }));
    }

    [Fact]
    public void A_signing_key_round_trips_through_pem()
    {
        using var signer = FirmwareSigner.Create();
        using var loaded = FirmwareSigner.FromPem(signer.ExportPrivateKeyPem());
        Assert.Equal(signer.KeyId, loaded.KeyId);
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(signer.ExportPublicKeyPem());
        var image = FirmwareImage.Pack(Models, "1.0.0", Payload, loaded);
        Assert.Equal(SignatureStatus.Valid, FirmwareImage.Read(image, new FirmwareReadOptions { VerificationKey = verifier }).Signature);
    }

    [Fact]
    public void An_unsigned_image_is_refused_when_a_signature_is_required()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        Assert.Equal(FirmwareErrorKind.Unsigned, Refused(image, new FirmwareReadOptions { RequireSignature = true }));
    }

    [Fact]
    public void A_corrupt_payload_is_refused()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        image[^100] ^= 1;
        Assert.Equal(FirmwareErrorKind.Corrupt, Refused(image));
    }

    [Fact]
    public void Bytes_after_the_payload_are_refused()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        Assert.Equal(FirmwareErrorKind.Corrupt, Refused([.. image, 0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(70)]
    [InlineData(5000)]
    public void Truncated_images_are_refused(int keep)
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        Assert.Equal(FirmwareErrorKind.Truncated, Refused(image[..keep]));
    }

    [Fact]
    public void The_wrong_model_is_refused_before_the_payload_is_read()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        var e = Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(image[..200], new FirmwareReadOptions { Model = "SPA504G" }));
        Assert.Equal(FirmwareErrorKind.WrongModel, e.Kind);
        Assert.Contains("not SPA504G", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_files_and_unknown_formats_are_refused()
    {
        Assert.Equal(FirmwareErrorKind.WrongMagic, Refused("<flat-profile/>"u8.ToArray()));
        Assert.Equal(FirmwareErrorKind.Truncated, Refused([]));
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        BinaryPrimitives.WriteUInt16BigEndian(image.AsSpan(8), 2);
        Assert.Equal(FirmwareErrorKind.UnsupportedFormat, Refused(image));
    }

    [Fact]
    public void Malformed_headers_are_refused()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        var badCount = (byte[])image.Clone();
        badCount[64] = 0;
        Assert.Equal(FirmwareErrorKind.Malformed, Refused(badCount));

        var badLength = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(badLength.AsSpan(12), 1_000_000);
        Assert.Equal(FirmwareErrorKind.Malformed, Refused(badLength));

        var badName = (byte[])image.Clone();
        badName[66] = (byte)' ';
        Assert.Equal(FirmwareErrorKind.Malformed, Refused(badName));
    }

    [Fact]
    public void Payload_limits_are_enforced_from_the_header()
    {
        var image = FirmwareImage.Pack(Models, "11.0.2", Payload);
        Assert.Equal(FirmwareErrorKind.TooLarge, Refused(image, new FirmwareReadOptions { MaxPayloadBytes = 1000 }));
    }

    [Fact]
    public void Pack_refuses_bad_arguments()
    {
        Assert.Throws<ArgumentException>(() => FirmwareImage.Pack([], "1.0.0", Payload));
        Assert.Throws<ArgumentException>(() => FirmwareImage.Pack(["bad model"], "1.0.0", Payload));
        Assert.Throws<ArgumentException>(() => FirmwareImage.Pack(Models, "latest", Payload));
    }

    [Fact]
    public void Try_read_reports_the_error()
    {
        Assert.False(FirmwareImage.TryRead([1, 2, 3], null, out var image, out var error));
        Assert.Null(image);
        Assert.Equal(FirmwareErrorKind.WrongMagic, error!.Kind);
    }

    private static FirmwareErrorKind Refused(byte[] image, FirmwareReadOptions? options = null) =>
        Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(image, options)).Kind;

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
