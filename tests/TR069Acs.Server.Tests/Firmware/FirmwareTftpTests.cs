using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tftp;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Stored firmware over the ACS's TFTP listener, as <c>/firmware/</c> serves it over HTTP.</summary>
public sealed class FirmwareTftpTests
{
    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task The_real_tftp_hpa_client_fetches_an_image_byte_exact_by_hash_by_name_and_by_bare_name()
    {
        await using var acs = await TestAcs.StartAsync();
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2", payloadBytes: 700_000);   // 1,368 blocks of 512
        var port = acs.App.GetTftpEndPoint()!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var name in new[] { $"firmware/{image.Sha256}", $"firmware/{image.FileName}", image.FileName, $"/firmware/{image.FileName}" })
        {
            var output = Path.Combine(acs.DataDirectory, "fetched.loads");
            File.Delete(output);

            var (exit, text) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", port, "-m", "binary", "-c", "get", name, output);

            Assert.True(exit == 0 && File.Exists(output), $"tftp get {name} exited {exit}: {text}");
            Assert.Equal(image.Bytes, await File.ReadAllBytesAsync(output));
        }
    }

    [Fact]
    public async Task Unknown_images_are_file_not_found_and_profile_names_still_route_to_profiles()
    {
        await using var acs = await TestAcs.StartAsync();
        await FirmwareImages.UploadAsync(acs, "12.0.2");
        var port = acs.App.GetTftpEndPoint()!.Port;

        var missing = await TftpClient.DownloadAsync("127.0.0.1", port, "firmware/sip88xx.99-0-0.loads");
        Assert.Equal(TftpDownloadOutcome.NotFound, missing.Outcome);
        Assert.Contains("no firmware image", missing.Message, StringComparison.Ordinal);

        // A bare name of the firmware pattern that is not stored falls through to the profiles (none either).
        Assert.Equal(TftpDownloadOutcome.NotFound, (await TftpClient.DownloadAsync("127.0.0.1", port, "sip88xx.99-0-0.loads")).Outcome);
        await Configuration.ConfigApi.PreRegisterAsync(acs);
        var profile = await TftpClient.DownloadAsync("127.0.0.1", port, $"spa{Configuration.ConfigApi.Mac}.cfg");
        Assert.True(profile.Succeeded, profile.ToString());
    }

    [Fact]
    public async Task With_per_download_credentials_TFTP_refuses_images_naming_why()
    {
        await using var acs = await TestAcs.StartAsync(o => o.FirmwareAuth = FirmwareAuthMode.PerDownload);
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2");

        var refused = await TftpClient.DownloadAsync("127.0.0.1", acs.App.GetTftpEndPoint()!.Port, $"firmware/{image.Sha256}");

        Assert.Equal(TftpErrorCode.AccessViolation, refused.ServerErrorCode);
        Assert.Contains("per-download credentials", refused.Message, StringComparison.Ordinal);
    }
}
