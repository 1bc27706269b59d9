using System.Security.Cryptography;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Issue 15 §3: with <c>Acs:Firmware:TrustedKeys</c>, only images signed by one of the keys are stored; an
/// unsigned or wrongly signed image is refused at upload with the reason.</summary>
public sealed class FirmwareSignatureTests
{
    private const string Model = "CP-8841-3PCC";

    [Fact]
    public async Task With_trusted_keys_only_images_they_sign_are_accepted()
    {
        using var rsa = FirmwareSigner.CreateRsa();
        using var ecdsa = FirmwareSigner.Create();
        using var stranger = FirmwareSigner.Create();
        var keys = Path.Combine(Path.GetTempPath(), $"trusted-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keys, rsa.ExportPublicKeyPem() + ecdsa.ExportPublicKeyPem());
        try
        {
            await using var acs = await TestAcs.StartAsync(o => o.Firmware.TrustedKeys = keys);

            var (status, body) = await FirmwareNameTests.UploadAsync(acs, FirmwareImage.Pack([Model], "12.1.0", RandomNumberGenerator.GetBytes(2000), rsa));
            Assert.True(status == 201, $"{status}: {body}");
            Assert.True((bool)body!["signed"]!);
            Assert.Equal(201, (await FirmwareNameTests.UploadAsync(acs, FirmwareImage.Pack([Model], "12.1.1", RandomNumberGenerator.GetBytes(2000), ecdsa))).Status);

            (status, body) = await FirmwareNameTests.UploadAsync(acs, FirmwareImage.Pack([Model], "12.1.2", RandomNumberGenerator.GetBytes(2000)));
            Assert.Equal(400, status);
            Assert.Contains("Unsigned", (string?)body!["detail"], StringComparison.Ordinal);

            (status, body) = await FirmwareNameTests.UploadAsync(acs, FirmwareImage.Pack([Model], "12.1.2", RandomNumberGenerator.GetBytes(2000), stranger));
            Assert.Equal(400, status);
            Assert.Contains("not a trusted key", (string?)body!["detail"], StringComparison.Ordinal);

            (status, body) = await FirmwareNameTests.UploadAsync(acs, RandomNumberGenerator.GetBytes(5000), $"?models={Model}&version=12.1.3");
            Assert.Equal(400, status);
            Assert.Contains("TrustedKeys", (string?)body!["detail"], StringComparison.Ordinal);

            Assert.Equal(2, (await acs.GetJsonAsync("api/firmware")).AsArray().Count);
        }
        finally
        {
            File.Delete(keys);
        }
    }

    [Fact]
    public async Task A_trusted_keys_setting_that_holds_no_usable_key_stops_the_start_naming_it()
    {
        using var signer = FirmwareSigner.Create();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestAcs.StartAsync(o => o.Firmware.TrustedKeys = signer.ExportPrivateKeyPem()));
        Assert.Contains("Acs:Firmware:TrustedKeys", error.Message, StringComparison.Ordinal);
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestAcs.StartAsync(o => o.Firmware.TrustedKeys = "/nonexistent/keys.pem"));
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }
}
