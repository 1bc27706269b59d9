namespace TR069Acs.Agent.Tests.Support;

/// <summary>Phone options for tests: loopback, fast retries and reboots, no periodic informs during a test.</summary>
internal static class TestFleet
{
    public static PhoneOptions Options(Uri acs, string? stateDirectory = null, int count = 1) => new()
    {
        AcsUrl = acs,
        Mac = "0023EB00A001",
        Count = count,
        StateDirectory = stateDirectory,
        RebootDuration = TimeSpan.FromMilliseconds(100),
        RetryMinimumWaitSeconds = 1,
        RetryIntervalMultiplier = 1000,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Starts a fleet and waits for every phone's boot session.</summary>
    public static async Task<PhoneFleet> StartAsync(PhoneOptions options)
    {
        var fleet = new PhoneFleet(options);
        await fleet.StartAsync();
        foreach (var phone in fleet.Phones)
        {
            await phone.WaitForSessionAsync(null, TimeSpan.FromSeconds(15), afterSession: 0);
        }
        return fleet;
    }
}
