using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Transfers;

/// <summary>Download and Upload end to end with the scripted ACS serving the files.</summary>
public sealed class DownloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private ScriptedAcs _acs = null!;
    private PhoneFleet _fleet = null!;

    private Phone Phone => _fleet.Phones[0];

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        var options = TestFleet.Options(_acs.Url);
        options.RetryMinimumWaitSeconds = 600;   // a refused TransferComplete is retried only when the test says so
        _fleet = await TestFleet.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
    }

    private async Task<SessionRecord> DownloadAsync(Download download)
    {
        var before = Phone.SessionsCompleted;
        _acs.Queue.Enqueue(download);
        await Phone.InformAsync(EventCodes.Periodic);
        return await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.TransferComplete), Timeout, before);
    }

    private TransferComplete LastTransferComplete => _acs.Requests.Select(r => r.Body).OfType<TransferComplete>().Last();

    [Fact]
    public async Task A_firmware_image_upgrades_the_phone_which_reboots_and_reports_the_transfer()
    {
        var image = Upgrade.FirmwareImages.Good("sip88xx.12-0-2-0001-1");
        _acs.Files["sip88xx.12-0-2-0001-1.loads"] = image;

        var session = await DownloadAsync(new Download("fw-1", EventCodes.FirmwareImage, _acs.FileUrl("sip88xx.12-0-2-0001-1.loads").ToString(),
            FileSize: image.Length));

        Assert.Equal(new DownloadResponse(1, DateTimeOffset.MinValue, DateTimeOffset.MinValue), _acs.Answers.OfType<DownloadResponse>().Single());
        Assert.True(session.HasEvent(EventCodes.Boot));
        Assert.True(session.HasEvent(EventCodes.MDownload, "fw-1"));
        Assert.Equal("sip88xx.12-0-2-0001-1", session.InformValue("Device.DeviceInfo.SoftwareVersion"));
        Assert.Equal("sip88xx.12-0-2-0001-1", Phone.SoftwareVersion);
        Assert.Equal(2, Phone.BootCount);
        Assert.Equal(new FaultStruct(0, ""), LastTransferComplete.Fault);
        Assert.Equal(["fw-1"], session.AcknowledgedTransfers);
        Assert.Empty(Phone.PendingTransferCompletes);
    }

    [Fact]
    public async Task Random_bytes_are_refused_as_a_corrupted_file_whatever_the_URL_and_target_name_say()
    {
        // Issue 15: 200 KB of random bytes uploaded as sip88xx.12-0-2.loads must not "upgrade" a phone.
        var random = new byte[200 * 1024];
        Random.Shared.NextBytes(random);
        _acs.Files["sip88xx.12-0-2.loads"] = random;
        var version = Phone.SoftwareVersion;

        var session = await DownloadAsync(new Download("fw-random", EventCodes.FirmwareImage, _acs.FileUrl("sip88xx.12-0-2.loads").ToString(),
            FileSize: random.Length, TargetFileName: "sip88xx.12-5-1MPP0001-12.loads"));

        Assert.Equal(9018, LastTransferComplete.Fault.FaultCode);
        Assert.Contains("not a firmware image", LastTransferComplete.Fault.FaultString, StringComparison.Ordinal);
        Assert.False(session.HasEvent(EventCodes.Boot));
        Assert.Equal(version, Phone.SoftwareVersion);
        Assert.Equal(version, session.InformValue("Device.DeviceInfo.SoftwareVersion"));
        Assert.Equal(1, Phone.BootCount);
    }

    [Theory]
    [InlineData("missing.loads", 0, 9016)]
    [InlineData("short.loads", 999, 9018)]
    public async Task A_failed_download_reports_its_fault_without_rebooting(string file, long size, int code)
    {
        _acs.Files["short.loads"] = [1, 2, 3];
        var version = Phone.SoftwareVersion;

        var session = await DownloadAsync(new Download("fw-bad", EventCodes.FirmwareImage, _acs.FileUrl(file).ToString(), FileSize: size));

        Assert.Equal(code, LastTransferComplete.Fault.FaultCode);
        Assert.True(session.HasEvent(EventCodes.MDownload, "fw-bad"));
        Assert.False(session.HasEvent(EventCodes.Boot));
        Assert.Equal(version, Phone.SoftwareVersion);
        Assert.Equal(1, Phone.BootCount);
    }

    [Fact]
    public async Task An_image_in_our_format_installs_the_version_of_its_header_not_of_its_name()
    {
        _acs.Files["sip88xx.99-9-9.loads"] = Upgrade.FirmwareImages.Good();

        var session = await DownloadAsync(new Download("fw-img", EventCodes.FirmwareImage, _acs.FileUrl("sip88xx.99-9-9.loads").ToString()));

        Assert.True(session.HasEvent(EventCodes.Boot));
        Assert.True(session.HasEvent(EventCodes.MDownload, "fw-img"));
        Assert.Equal(Upgrade.FirmwareImages.NewVersion, session.InformValue("Device.DeviceInfo.SoftwareVersion"));
        Assert.Equal(new FaultStruct(0, ""), LastTransferComplete.Fault);
    }

    [Theory]
    [InlineData("corrupt", 9018)]
    [InlineData("truncated", 9018)]
    [InlineData("wrong-model", 9010)]
    public async Task A_damaged_or_foreign_image_fails_the_transfer_and_the_phone_keeps_its_version(string kind, int code)
    {
        _acs.Files["bad.img"] = Upgrade.FirmwareImages.Damaged(kind);
        var version = Phone.SoftwareVersion;

        var session = await DownloadAsync(new Download("fw-" + kind, EventCodes.FirmwareImage, _acs.FileUrl("bad.img").ToString()));

        Assert.Equal(code, LastTransferComplete.Fault.FaultCode);
        Assert.Contains("image refused", LastTransferComplete.Fault.FaultString, StringComparison.Ordinal);
        Assert.False(session.HasEvent(EventCodes.Boot));
        Assert.Equal(version, Phone.SoftwareVersion);
        Assert.Equal(1, Phone.BootCount);
    }

    [Fact]
    public async Task A_vendor_configuration_file_is_kept_without_a_reboot()
    {
        var profile = "<flat-profile><Primary_NTP_Server>ntp.test</Primary_NTP_Server></flat-profile>"u8.ToArray();
        _acs.Files["cfg.xml"] = profile;

        await DownloadAsync(new Download("cfg-1", EventCodes.VendorConfigurationFile, _acs.FileUrl("cfg.xml").ToString()));

        Assert.Equal(profile, Phone.LastVendorConfigurationFile);
        Assert.Equal(0, LastTransferComplete.Fault.FaultCode);
        Assert.Equal(1, Phone.BootCount);
    }

    [Fact]
    public async Task A_protected_file_is_fetched_with_the_download_credentials()
    {
        _acs.FileCredentials = ("files", "s3cret");
        _acs.Files["cfg.xml"] = [42];

        await DownloadAsync(new Download("cfg-auth", EventCodes.VendorConfigurationFile, _acs.FileUrl("cfg.xml").ToString(), "files", "s3cret"));

        Assert.Equal([42], Phone.LastVendorConfigurationFile);
    }

    [Theory]
    [InlineData("2 Web Content", "http://127.0.0.1/x", 9010)]
    [InlineData("1 Firmware Upgrade Image", "ftp://127.0.0.1/image.bin", 9013)]
    [InlineData("1 Firmware Upgrade Image", "not a url", 9003)]
    public async Task Downloads_the_phone_cannot_do_are_refused_at_once(string fileType, string url, int code)
    {
        _acs.Queue.Enqueue(new Download("no", fileType, url));

        await Phone.InformAsync(EventCodes.Periodic);

        Assert.Equal(code, Assert.IsType<CwmpFault>(_acs.Answers.Single()).FaultCode);
        Assert.Empty(Phone.PendingTransferCompletes);
    }

    [Fact]
    public async Task An_unacknowledged_transfer_complete_is_sent_again_in_the_next_session()
    {
        var refuse = true;
        _acs.Script = request => Task.FromResult(request.Body is TransferComplete && refuse
            ? AcsReply.With(new CwmpFault(8002, "Internal error"))
            : null);
        _acs.Files["cfg.xml"] = [1];

        var first = await DownloadAsync(new Download("cfg-again", EventCodes.VendorConfigurationFile, _acs.FileUrl("cfg.xml").ToString()));
        Assert.Empty(first.AcknowledgedTransfers);
        Assert.Equal(["cfg-again"], Phone.PendingTransferCompletes);

        refuse = false;
        var second = await Phone.InformAsync(EventCodes.Periodic);

        Assert.True(second.HasEvent(EventCodes.TransferComplete));
        Assert.True(second.HasEvent(EventCodes.MDownload, "cfg-again"));
        Assert.Equal(["cfg-again"], second.AcknowledgedTransfers);
        Assert.Empty(Phone.PendingTransferCompletes);
    }

    [Fact]
    public async Task Upload_puts_the_configuration_and_reports_m_upload()
    {
        var before = Phone.SessionsCompleted;
        _acs.Queue.Enqueue(new Upload("up-1", "1 Vendor Configuration File", new Uri(_acs.Url, "/upload/config.json").ToString()));
        await Phone.InformAsync(EventCodes.Periodic);

        var session = await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.MUpload, "up-1"), Timeout, before);

        var (body, type) = _acs.Uploads["config.json"];
        Assert.Equal("application/json", type);
        Assert.Contains($"\"Device.Time.NTPServer1\": \"{TestEnvironment.FactoryNtpServer}\"", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(0, LastTransferComplete.Fault.FaultCode);
        Assert.True(session.HasEvent(EventCodes.TransferComplete));
    }
}
