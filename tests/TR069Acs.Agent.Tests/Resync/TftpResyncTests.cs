using TR069Acs.Agent.Tests.Support;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.Tests.Tftp;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>The guides' TFTP exercise against the real tftp-hpa server: a phone resyncs from in.tftpd serving a
/// directory on a loopback port, by a <c>tftp://</c> rule or by a bare path and the DHCP option 66 server
/// (<c>--tftp-server</c>), and applies what it fetched. Skipped with the reason when in.tftpd cannot run here, failed
/// under CI=true.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TftpResyncTests : IAsyncLifetime
{
    private const string Profile = """
        <flat-profile>
          <GPP_A>from-tftp</GPP_A>
          <User_ID_1_>4711</User_ID_1_>
          <Display_Name_1_>Reception</Display_Name_1_>
          <Line_Enable_2_>No</Line_Enable_2_>
        </flat-profile>
        """;

    private const string Line1 = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.";

    private InTftpdProcess? _tftpd;
    private ScriptedAcs _acs = null!;
    private PhoneFleet? _fleet;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("tftp-resync-").FullName;
        _acs = await ScriptedAcs.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
        await _acs.DisposeAsync();
        if (_tftpd is not null)
        {
            await _tftpd.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task A_phone_whose_profile_rule_is_a_tftp_url_resyncs_at_boot_and_applies_the_profile()
    {
        await StartTftpdAsync(new() { ["0023eb00a001.cfg"] = Text(Profile) });

        var phone = await StartPhoneAsync($"""
            <Resync_Random_Delay>0</Resync_Random_Delay>
            <Profile_Rule>tftp://127.0.0.1:{_tftpd!.Port}/$MA.cfg</Profile_Rule>
            """, resyncOnReset: true);

        await Eventually.TrueAsync(() => phone.LastResync is not null, "the boot resync");
        Assert.True(phone.LastResync!.Succeeded, phone.LastResync.Error);
        Assert.Equal($"tftp://127.0.0.1:{_tftpd.Port}/0023eb00a001.cfg", Assert.Single(phone.LastResync.Urls));
        Assert.Equal("from-tftp", phone.GetFlatValue("GPP_A"));
        // The profile's flat values are what the ACS reads on the standard TR-104 paths (DESIGN §7).
        Assert.Equal("4711", phone.GetValue(Line1 + "DirectoryNumber"));
        Assert.Equal("Reception", phone.GetValue(Line1 + "CallingFeatures.CallerIDName"));
        Assert.Equal("Disabled", phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.2.Line.1.Enable"));
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task A_bare_path_rule_fetches_from_the_dhcp_tftp_server_and_decrypts_a_gzipped_encrypted_profile()
    {
        // gzip, then openssl-enc AES-256-CBC with MD5 key derivation: what the guides' carrier puts on its TFTP server.
        var encrypted = ProfileCodec.Encode(Text(Profile), key: "tftp s3cret", gzip: true, OpensslDigest.Md5);
        await StartTftpdAsync(new() { ["8841.cfg"] = encrypted });

        var phone = await StartPhoneAsync("""<Profile_Rule>[--key "tftp s3cret"] /$PSN.cfg</Profile_Rule>""",
            options => options.TftpServer = $"127.0.0.1:{_tftpd!.Port}");
        var outcome = await phone.ResyncAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal($"tftp://127.0.0.1:{_tftpd!.Port}/8841.cfg", Assert.Single(outcome.Urls));
        Assert.Equal("from-tftp", phone.GetFlatValue("GPP_A"));
        Assert.Equal("4711", phone.GetValue(Line1 + "SIP.AuthUserName"));
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task A_file_the_tftp_server_does_not_have_fails_the_resync_and_changes_nothing()
    {
        await StartTftpdAsync(new() { ["other.cfg"] = Text(Profile) });

        var phone = await StartPhoneAsync($"""
            <Resync_Fails_On_FNF>Yes</Resync_Fails_On_FNF>
            <Profile_Rule>tftp://127.0.0.1:{_tftpd!.Port}/$MA.cfg</Profile_Rule>
            """);
        var outcome = await phone.ResyncAsync();

        Assert.False(outcome.Succeeded);
        Assert.Contains("file not found", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("", phone.GetFlatValue("GPP_A"));
        Assert.Equal("Enabled", phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.2.Line.1.Enable"));
    }

    private async Task StartTftpdAsync(Dictionary<string, byte[]> files) => _tftpd = await InTftpdProcess.StartAsync(files);

    private async Task<Phone> StartPhoneAsync(string factorySettings, Action<PhoneOptions>? configure = null, bool resyncOnReset = false)
    {
        var config = Path.Combine(_directory, "factory.xml");
        await File.WriteAllTextAsync(config, $"""
            <flat-profile>
              <Resync_On_Reset>{(resyncOnReset ? "Yes" : "No")}</Resync_On_Reset>
              <Resync_Periodic>0</Resync_Periodic>
              <Resync_Error_Retry_Delay>0</Resync_Error_Retry_Delay>
              {factorySettings}
            </flat-profile>
            """);
        var options = TestFleet.Options(_acs.Url);
        options.ConfigFile = config;
        configure?.Invoke(options);
        _fleet = await TestFleet.StartAsync(options);
        return _fleet.Phones[0];
    }

    private static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
