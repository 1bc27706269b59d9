using System.Diagnostics;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests;

/// <summary>The <c>acs</c> executable as an operator runs it.</summary>
public sealed class CliTests
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");

    [Fact]
    public async Task Acs_phone_command_registers_a_phone_with_the_acs()
    {
        await using var acs = await AcsInstance.StartAsync();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { AcsDll, "phone", "--acs", acs.CwmpUri.ToString(), "--mac", "0023EB00C0DE", "--serial", "FCHCLI0001", "--model", "CP-7841-3PCC" })
        {
            psi.ArgumentList.Add(a);
        }
        using var phone = Process.Start(psi)!;
        try
        {
            await AcsInstance.EventuallyAsync(async () => (await acs.GetArrayAsync("api/devices")).Count == 1, "the CLI phone to register", 60);
            var device = (await acs.GetArrayAsync("api/devices")).Single()!;
            Assert.Equal("0023EB-CP-7841-3PCC-FCHCLI0001", (string?)device["id"]);
        }
        finally
        {
            Bounded.Kill(phone);
        }
    }

    [Fact]
    public async Task Acs_phone_rejects_a_bad_count_with_a_message()
    {
        var (exitCode, _, error) = await Bounded.RunAsync("dotnet", [AcsDll, "phone", "--count", "0"]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--count", error, StringComparison.Ordinal);
    }
}
