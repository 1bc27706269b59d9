namespace TR069Acs.Tests.Shared;

/// <summary>Polling for what the system under test does in the background (write-behind telemetry, timers, sessions
/// on other threads), shared by the test projects as a linked source file.</summary>
internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after
    /// <paramref name="seconds"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, int seconds = 15)
        => TrueAsync(() => Task.FromResult(condition()), what, seconds);

    /// <inheritdoc cref="TrueAsync(Func{bool}, string, int)"/>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {seconds}s waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
