using TR069Acs.Agent.Tests.Support;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>A phone with a factory profile (<c>--config</c>) that points its syslog at the test and does not resync by
/// itself unless the test says so, an ACS, and a provisioning server.</summary>
public abstract class ResyncTestBase : IAsyncLifetime
{
    private string _directory = null!;
    private ScriptedAcs _acs = null!;

    internal ProvisioningServer Server { get; private set; } = null!;

    internal PhoneFleet Fleet { get; private set; } = null!;

    internal Phone Phone => Fleet.Phones[0];

    internal string Directory => _directory;

    /// <summary>Extra factory settings (flat profile elements).</summary>
    protected virtual string FactorySettings => "";

    protected virtual void Configure(PhoneOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("resync-").FullName;
        Server = await ProvisioningServer.StartAsync();
        _acs = await ScriptedAcs.StartAsync();
        var config = Path.Combine(_directory, "factory.xml");
        await File.WriteAllTextAsync(config, $"""
            <flat-profile>
              <Resync_On_Reset>No</Resync_On_Reset>
              <Resync_Periodic>0</Resync_Periodic>
              <Resync_Error_Retry_Delay>0</Resync_Error_Retry_Delay>
              <Syslog_Server>127.0.0.1:{Server.SyslogPort}</Syslog_Server>
              <Profile_Rule>{Server.BaseUrl}/$PSN.xml</Profile_Rule>
              {FactorySettings}
            </flat-profile>
            """);
        var options = TestFleet.Options(_acs.Url);
        options.ConfigFile = config;
        Configure(options);
        Fleet = await TestFleet.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Fleet.DisposeAsync();
        await _acs.DisposeAsync();
        await Server.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Waits until a syslog message containing <paramref name="text"/> arrived.</summary>
    internal async Task<string> SyslogAsync(string text)
    {
        await Eventually.TrueAsync(() => Server.SyslogMessages.Any(m => m.Contains(text, StringComparison.Ordinal)), $"a syslog message with \"{text}\"", 10);
        return Server.SyslogMessages.First(m => m.Contains(text, StringComparison.Ordinal));
    }

    internal static async Task RunAsync(string file, params string[] arguments)
    {
        var (exitCode, _, error) = await Bounded.RunAsync(file, arguments);
        Assert.True(exitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {error}");
    }
}
