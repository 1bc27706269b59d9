using TR069Acs.Agent.Tests.Support;
using TR069Acs.Provisioning.Crypto;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>The guides' HTTP exercises against a real web server (nginx serving static files, as a carrier would):
/// a <c>$MA</c>-unique profile fetched with the phone's User-Agent visible in the server's log, a gzipped and
/// <c>openssl enc</c>-encrypted profile behind <c>[--key …]</c>, a partitioned profile through <c>Profile_Rule_B</c>,
/// and a 404 that fails the resync and changes nothing.</summary>
public sealed class NginxResyncTests : IAsyncLifetime
{
    private const string Mac = "0023eb00a001";
    private readonly string _directory = Directory.CreateTempSubdirectory("nginx-resync-").FullName;
    private ScriptedAcs _acs = null!;
    private NginxServer? _nginx;
    private PhoneFleet? _fleet;

    private string Root => Path.Combine(_directory, "www");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        _acs = await ScriptedAcs.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [NginxFact]
    public async Task A_phone_resyncs_its_own_profile_from_nginx_and_the_server_sees_who_asked()
    {
        await File.WriteAllTextAsync(Path.Combine(Root, $"{Mac}.cfg"),
            "<flat-profile><GPP_A>from nginx</GPP_A><Display_Name_1_>Lobby</Display_Name_1_></flat-profile>");
        _nginx = await NginxServer.StartAsync(Root);

        var phone = await StartPhoneAsync($"<Profile_Rule>{_nginx.BaseUri}$MA.cfg</Profile_Rule>");
        var outcome = await phone.ResyncAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("from nginx", phone.GetFlatValue("GPP_A"));
        Assert.Equal("Lobby", phone.GetFlatValue("Display_Name_1_"));
        var request = Assert.Single(await _nginx.AccessLogAsync(1));
        Assert.StartsWith($"/{Mac}.cfg 200 ", request, StringComparison.Ordinal);
        Assert.Contains("CP-8841-3PCC", request, StringComparison.Ordinal);
        Assert.Contains(phone.SerialNumber, request, StringComparison.Ordinal);
    }

    [NginxFact]
    public async Task Gzipped_encrypted_and_partitioned_profiles_are_fetched_in_rule_order()
    {
        var main = "<flat-profile><GPP_A>main</GPP_A><Profile_Rule_B>" + "http://127.0.0.1:PORT/lines-$MA.xml" + "</Profile_Rule_B></flat-profile>";
        var lines = "<flat-profile><User_ID_1_>4711</User_ID_1_></flat-profile>";
        _nginx = await NginxServer.StartAsync(Root);
        await File.WriteAllBytesAsync(Path.Combine(Root, "main.cfg.gz"),
            ProfileCodec.Encode(System.Text.Encoding.UTF8.GetBytes(main.Replace("PORT", _nginx.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
                key: "n g i n x", gzip: true, OpensslDigest.Md5));
        await File.WriteAllTextAsync(Path.Combine(Root, $"lines-{Mac}.xml"), lines);

        var phone = await StartPhoneAsync($"""<Profile_Rule>[--key "n g i n x"] {_nginx.BaseUri}main.cfg.gz</Profile_Rule>""");
        var first = await phone.ResyncAsync();
        Assert.True(first.Succeeded, first.Error);
        Assert.Equal("main", phone.GetFlatValue("GPP_A"));

        // The first resync set Profile_Rule_B; the next one fetches both, A then B.
        var second = await phone.ResyncAsync();
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal([$"{_nginx.BaseUri}main.cfg.gz", $"{_nginx.BaseUri}lines-{Mac}.xml"], second.Urls);
        Assert.Equal("4711", phone.GetFlatValue("User_ID_1_"));
    }

    [NginxFact]
    public async Task A_404_from_nginx_fails_the_resync_and_changes_nothing()
    {
        _nginx = await NginxServer.StartAsync(Root);

        var phone = await StartPhoneAsync($"<Resync_Fails_On_FNF>Yes</Resync_Fails_On_FNF><Profile_Rule>{_nginx.BaseUri}$MA.cfg</Profile_Rule>");
        var outcome = await phone.ResyncAsync();

        Assert.False(outcome.Succeeded);
        Assert.Contains("file not found", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("", phone.GetFlatValue("GPP_A"));
        Assert.StartsWith($"/{Mac}.cfg 404 ", Assert.Single(await _nginx.AccessLogAsync(1)), StringComparison.Ordinal);
    }

    private async Task<Phone> StartPhoneAsync(string factorySettings)
    {
        var config = Path.Combine(_directory, "factory.xml");
        await File.WriteAllTextAsync(config, $"""
            <flat-profile>
              <Resync_On_Reset>No</Resync_On_Reset>
              <Resync_Periodic>0</Resync_Periodic>
              <Resync_Error_Retry_Delay>0</Resync_Error_Retry_Delay>
              {factorySettings}
            </flat-profile>
            """);
        var options = TestFleet.Options(_acs.Url);
        options.ConfigFile = config;
        _fleet = await TestFleet.StartAsync(options);
        return _fleet.Phones[0];
    }
}
