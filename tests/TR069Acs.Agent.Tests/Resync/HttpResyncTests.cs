using TR069Acs.Agent.Tests.Support;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>The guides' HTTP exercises against a real web server: basic resync, User-Agent, $MA-unique profiles,
/// partitioned profiles, syslog, gzip and openssl-encrypted profiles, and bad input that must change nothing.</summary>
public sealed class HttpResyncTests : ResyncTestBase
{
    private const string Basic = "<flat-profile><GPP_A>12345678</GPP_A><Display_Name_1_>Front desk</Display_Name_1_></flat-profile>";

    [Fact]
    public async Task A_basic_profile_is_applied_and_the_server_sees_the_phones_user_agent()
    {
        Server.Put("/8841.xml", Basic);

        var outcome = await Phone.ResyncAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("12345678", Phone.GetFlatValue("GPP_A"));
        Assert.Equal("12345678", Phone.GetValue("Device.X_CISCO_COM_FlatProfile.GPP_A"));
        Assert.Equal("Front desk", Phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.CallingFeatures.CallerIDName"));
        var userAgent = Server.Requests.Single(r => r.Path == "/8841.xml").UserAgent;
        Assert.Contains("cisco", userAgent, StringComparison.Ordinal);
        Assert.Contains(Phone.ProductClass, userAgent, StringComparison.Ordinal);
        Assert.Contains(Phone.SoftwareVersion, userAgent, StringComparison.Ordinal);
        Assert.Contains(Phone.SerialNumber, userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syslog_receives_the_request_and_success_messages_with_expanded_macros()
    {
        Server.Put("/8841.xml", Basic);

        await Phone.ResyncAsync();

        var request = await SyslogAsync("Requesting resync");
        Assert.Contains($"{Phone.ProductClass} 00:23:eb:00:a0:01 -- Requesting resync http://127.0.0.1:", request, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<134>", request, StringComparison.Ordinal);
        var success = await SyslogAsync("Successful resync");
        Assert.EndsWith("/8841.xml", success, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_sends_the_failure_message_with_the_error()
    {
        var outcome = await Phone.ResyncAsync();

        Assert.False(outcome.Succeeded);
        var failure = await SyslogAsync("Resync failed");
        Assert.Contains("file not found", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mac_specific_rule_fetches_the_phones_own_profile()
    {
        Server.Put("/0023eb00a001.xml", "<flat-profile><GPP_B>mine</GPP_B></flat-profile>");

        var outcome = await Phone.ResyncAsync($"{Server.BaseUrl}/$MA.xml");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("mine", Phone.GetFlatValue("GPP_B"));
    }

    [Fact]
    public async Task Profile_rule_b_applies_after_profile_rule_so_partitioned_profiles_combine()
    {
        Server.Put("/8841.xml", $"<flat-profile><GPP_A>common</GPP_A><GPP_C>from-a</GPP_C><Profile_Rule_B>{Server.BaseUrl}/$MA-b.xml</Profile_Rule_B></flat-profile>");
        Server.Put("/0023eb00a001-b.xml", "<flat-profile><GPP_C>from-b</GPP_C><User_ID_1_>4001</User_ID_1_></flat-profile>");

        var outcome = await Phone.ResyncAsync();
        Assert.True(outcome.Succeeded, outcome.Error);
        // Profile_Rule_B is read at the start of each resync: the one that set it applies it the next time.
        outcome = await Phone.ResyncAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("common", Phone.GetFlatValue("GPP_A"));
        Assert.Equal("from-b", Phone.GetFlatValue("GPP_C"));
        Assert.Equal("4001", Phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber"));
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha256")]
    public async Task A_profile_gzipped_by_gzip_and_encrypted_by_openssl_is_decrypted_with_the_rule_key(string digest)
    {
        var plain = Path.Combine(Directory, "p.xml");
        await File.WriteAllTextAsync(plain, "<flat-profile><GPP_D>secret-applied</GPP_D></flat-profile>");
        await RunAsync("gzip", "-k", "-f", plain);
        var encrypted = Path.Combine(Directory, "p.cfg");
        await RunAsync("openssl", "enc", "-aes-256-cbc", "-md", digest, "-k", "Passw0rd", "-in", plain + ".gz", "-out", encrypted);
        Server.Files["/p.cfg"] = await File.ReadAllBytesAsync(encrypted);

        var outcome = await Phone.ResyncAsync($"[--key Passw0rd] {Server.BaseUrl}/p.cfg");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("secret-applied", Phone.GetFlatValue("GPP_D"));
    }

    [Fact]
    public async Task A_wrong_key_changes_nothing()
    {
        var plain = Path.Combine(Directory, "k.xml");
        await File.WriteAllTextAsync(plain, "<flat-profile><GPP_D>x</GPP_D></flat-profile>");
        var encrypted = Path.Combine(Directory, "k.cfg");
        await RunAsync("openssl", "enc", "-aes-256-cbc", "-md", "md5", "-k", "right", "-in", plain, "-out", encrypted);
        Server.Files["/k.cfg"] = await File.ReadAllBytesAsync(encrypted);

        var outcome = await Phone.ResyncAsync($"[--key wrong] {Server.BaseUrl}/k.cfg");

        Assert.False(outcome.Succeeded);
        Assert.Equal("", Phone.GetFlatValue("GPP_D"));
    }

    [Fact]
    public async Task A_truncated_gzip_profile_changes_nothing()
    {
        var plain = Path.Combine(Directory, "t.xml");
        await File.WriteAllTextAsync(plain, "<flat-profile><GPP_E>x</GPP_E>" + string.Concat(Enumerable.Repeat("<!-- padding -->", 200)) + "</flat-profile>");
        await RunAsync("gzip", "-k", "-f", plain);
        var gz = await File.ReadAllBytesAsync(plain + ".gz");
        Server.Files["/t.gz"] = gz[..(gz.Length / 2)];

        var outcome = await Phone.ResyncAsync($"{Server.BaseUrl}/t.gz");

        Assert.False(outcome.Succeeded);
        Assert.Equal("", Phone.GetFlatValue("GPP_E"));
    }

    [Fact]
    public async Task A_malformed_profile_changes_nothing_even_before_the_error()
    {
        Server.Put("/bad.xml", "<flat-profile><GPP_F>applied?</GPP_F><GPP_G>unclosed</flat-profile>");

        var outcome = await Phone.ResyncAsync($"{Server.BaseUrl}/bad.xml");

        Assert.False(outcome.Succeeded);
        Assert.Contains("line 1", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("", Phone.GetFlatValue("GPP_F"));
    }

    [Fact]
    public async Task A_bad_value_is_skipped_and_reported_while_the_rest_applies()
    {
        Server.Put("/mixed.xml", "<flat-profile><Resync_Periodic>soon</Resync_Periodic><Debug_Level>9</Debug_Level><GPP_H>ok</GPP_H><No_Such_Thing>1</No_Such_Thing></flat-profile>");

        var outcome = await Phone.ResyncAsync($"{Server.BaseUrl}/mixed.xml");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("ok", Phone.GetFlatValue("GPP_H"));
        Assert.Equal("0", Phone.GetFlatValue("Resync_Periodic"));
        Assert.Equal("0", Phone.GetFlatValue("Debug_Level"));
        Assert.Equal(3, outcome.Rejected.Count);
    }

    [Fact]
    public async Task A_bad_rule_is_a_failure_that_names_the_problem()
    {
        var outcome = await Phone.ResyncAsync("[--key] http://");

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("bad rule", outcome.Error, StringComparison.Ordinal);
    }
}
