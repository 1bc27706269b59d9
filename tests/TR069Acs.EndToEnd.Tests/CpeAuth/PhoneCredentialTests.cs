using System.Diagnostics;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.CpeAuth;

/// <summary>The real phone agent and the real ACS agree on credentials (issue 9 §1): the lab pair gets a factory phone in,
/// the ACS binds it to its own credentials in the first session, and the phone keeps them.</summary>
public sealed class PhoneCredentialTests
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");

    private static PhoneOptions Options(Uri acs, string? state) => new()
    {
        AcsUrl = acs,
        Mac = "0023EB00AA01",
        Serial = "FCHAUTH0001",
        StateDirectory = state,
        RetryMinimumWaitSeconds = 1,
    };

    [Fact]
    public async Task A_factory_phone_is_bound_in_its_first_session_keeps_its_credentials_across_a_restart_and_a_factory_fresh_impostor_is_refused()
    {
        await using var acs = await AcsInstance.StartAsync();
        var state = Directory.CreateTempSubdirectory("phone-auth-").FullName;
        string deviceId, password;
        await using (var fleet = new PhoneFleet(Options(acs.CwmpUri, state)))
        {
            await fleet.StartAsync();
            var phone = fleet.Phones[0];
            var first = await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(30), afterSession: 0);
            Assert.Contains("SetParameterValues", first.AcsRequests);
            deviceId = phone.DeviceId;
            password = phone.GetValue("Device.ManagementServer.Password")!;
            Assert.Equal(deviceId, phone.GetValue("Device.ManagementServer.Username"));
            Assert.NotEqual(PhoneOptions.LabAcsPassword, password);
            Assert.True(password.Length >= 22);
        }

        // Powered on again from its saved state: it still holds its own pair, and the ACS lets it in with it.
        await using (var again = new PhoneFleet(Options(acs.CwmpUri, state)))
        {
            await again.StartAsync();
            var phone = again.Phones[0];
            var session = await phone.WaitForSessionAsync(s => s.HasEvent("1 BOOT"), TimeSpan.FromSeconds(30), afterSession: 0);
            Assert.True(session.Succeeded, session.Error);
            Assert.Equal(password, phone.GetValue("Device.ManagementServer.Password"));
            Assert.DoesNotContain("SetParameterValues", session.AcsRequests);
            // The Connection Request uses the phone's own random password, set in that first session.
            var task = await acs.RunTaskAsync(deviceId, new { type = "getRPCMethods" });
            Assert.Equal("done", (string?)task["status"]);
        }

        // A factory-fresh phone claiming the same serial presents the lab pair: refused, and nothing about the device changes.
        var before = await acs.GetJsonAsync($"api/devices/{deviceId}");
        await using (var impostor = new PhoneFleet(Options(acs.CwmpUri, state: null)))
        {
            await impostor.StartAsync();
            var refused = await impostor.Phones[0].WaitForSessionAsync(null, TimeSpan.FromSeconds(30), afterSession: 0);
            Assert.False(refused.Succeeded);
            Assert.Contains("401", refused.Error, StringComparison.Ordinal);
        }
        var after = await acs.GetJsonAsync($"api/devices/{deviceId}");
        Assert.Equal((string?)before["lastInform"], (string?)after["lastInform"]);
        Directory.Delete(state, recursive: true);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Acs_phone_stops_on_a_signal_within_seconds_and_saves_its_state(string signal)
    {
        var state = Directory.CreateTempSubdirectory("phone-signal-").FullName;
        // An unreachable ACS: the phone sits in its retry backoff, the case that used to keep it running for minutes.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { AcsDll, "phone", "--acs", "http://127.0.0.1:9/", "--serial", "FCHSIG0001", "--state", state })
        {
            psi.ArgumentList.Add(a);
        }
        using var phone = Process.Start(psi)!;
        try
        {
            var running = false;
            while (await phone.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("running", StringComparison.Ordinal))
                {
                    running = true;
                    break;
                }
            }
            Assert.True(running, "the phone to start");

            using (var kill = Process.Start("kill", [$"-{signal}", phone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await phone.WaitForExitAsync(bound.Token);

            Assert.Equal(0, phone.ExitCode);
            Assert.Single(Directory.GetFiles(state, "phone-*.json"));
        }
        finally
        {
            if (!phone.HasExited)
            {
                phone.Kill(entireProcessTree: true);
            }
            Directory.Delete(state, recursive: true);
        }
    }
}
