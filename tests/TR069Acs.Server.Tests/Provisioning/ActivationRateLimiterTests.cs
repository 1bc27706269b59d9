using TR069Acs.Server.Provisioning;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>The failure window behind 429: per address, IPv6 per /64, and it slides.</summary>
public sealed class ActivationRateLimiterTests
{
    [Fact]
    public void The_limit_applies_per_address_and_lifts_a_minute_after_the_oldest_failure()
    {
        var time = new ManualTime();
        var limiter = new ActivationRateLimiter(new AcsOptions { Activation = { MaxFailuresPerMinute = 3 } }, time);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limiter.RetryAfter("192.0.2.1"));
            limiter.RecordFailure("192.0.2.1");
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(TimeSpan.FromSeconds(30), limiter.RetryAfter("192.0.2.1"));
        Assert.Equal(TimeSpan.FromSeconds(30), limiter.RetryAfter("::ffff:192.0.2.1"));   // the same client over a dual-stack socket
        Assert.Null(limiter.RetryAfter("192.0.2.2"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(limiter.RetryAfter("192.0.2.1"));
    }

    [Fact]
    public void IPv6_clients_count_per_64_prefix()
    {
        var limiter = new ActivationRateLimiter(new AcsOptions { Activation = { MaxFailuresPerMinute = 2 } }, new ManualTime());

        limiter.RecordFailure("2001:db8:1:2::10");
        limiter.RecordFailure("2001:db8:1:2:ffff::99");

        Assert.NotNull(limiter.RetryAfter("2001:db8:1:2::1"));
        Assert.Null(limiter.RetryAfter("2001:db8:1:3::1"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
