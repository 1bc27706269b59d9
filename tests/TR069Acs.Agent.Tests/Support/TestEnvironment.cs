using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Flat;

namespace TR069Acs.Agent.Tests.Support;

/// <summary>Phone variables for data model tests; UpTime and the ConnectionRequestURL can be changed by the test.</summary>
internal sealed class TestEnvironment : IParameterEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal)
    {
        [PhoneVariables.Oui] = "0023EB",
        [PhoneVariables.Model] = "CP-8841-3PCC",
        [PhoneVariables.Serial] = "FCH00000001",
        [PhoneVariables.MacWithColons] = "00:23:EB:00:00:01",
        [PhoneVariables.HardwareVersion] = "V03",
        [PhoneVariables.SoftwareVersion] = "sip88xx.12-0-1MPP0001-224",
        [PhoneVariables.UpTime] = "42",
        [PhoneVariables.Now] = "2025-01-01T00:00:00Z",
        [PhoneVariables.IpAddress] = "127.0.0.1",
        [PhoneVariables.AcsUrl] = "http://127.0.0.1:7547/",
        [PhoneVariables.AcsUsername] = "",
        [PhoneVariables.AcsPassword] = "",
        [PhoneVariables.PeriodicInformEnable] = "true",
        [PhoneVariables.PeriodicInformInterval] = "86400",
        [PhoneVariables.RetryMinimumWait] = "5",
        [PhoneVariables.RetryMultiplier] = "2000",
        [PhoneVariables.ConnectionRequestUrl] = "http://127.0.0.1:30005/cr/FCH00000001",
        [PhoneVariables.ConnectionRequestUsername] = "FCH00000001",
        [PhoneVariables.ConnectionRequestPassword] = "secret",
    };

    /// <summary>The factory NTP server: the one DHCP provides by default (<see cref="PhoneOptions.NtpServer"/>).</summary>
    public static string FactoryNtpServer { get; } = new PhoneOptions { AcsUrl = new Uri("http://127.0.0.1/") }.NtpServer;

    public string Resolve(string variable) => Variables[variable];

    public static DeviceDataModel NewModel(out TestEnvironment environment)
    {
        environment = new TestEnvironment();
        var options = new PhoneOptions { AcsUrl = new Uri("http://127.0.0.1:7547/"), ConnectionRequestPassword = "secret" };
        return new DeviceDataModel(Device1Model.Definition, environment, FlatFactory.ForFleet(Device1Model.Definition.Flat!, options, null));
    }
}
