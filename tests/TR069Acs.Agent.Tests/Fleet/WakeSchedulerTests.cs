using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using TR069Acs.Agent.Fleet;

namespace TR069Acs.Agent.Tests.Fleet;

public sealed class WakeSchedulerTests
{
    private sealed class Target(string name, ConcurrentQueue<string> log) : IWakeable
    {
        public long WakeTicks { get; set; }

        public void Wake() => log.Enqueue(name);
    }

    // The scheduler runs on a fake clock: the test moves time, so no margin of the real clock decides the outcome.
    [Fact]
    public async Task Targets_wake_in_due_order_and_a_reschedule_replaces_the_earlier_time()
    {
        var log = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scheduler = new WakeScheduler(time);
        scheduler.Start();
        var now = time.GetUtcNow();
        var a = new Target("a", log);
        var b = new Target("b", log);
        var c = new Target("c", log);

        scheduler.Schedule(b, now.AddMilliseconds(200));
        scheduler.Schedule(a, now.AddMilliseconds(100));
        scheduler.Schedule(c, now.AddMilliseconds(50));
        scheduler.Schedule(c, now.AddMilliseconds(300));   // supersedes 50 ms

        time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(() => log.Contains("a"), "a woken at 100 ms");
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(() => log.Contains("b"), "b woken at 200 ms");
        Assert.Equal(["a", "b"], log);   // c's superseded 50 ms passed long ago and woke nothing
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(() => log.Contains("c"), "c woken at 300 ms");
        Assert.Equal(["a", "b", "c"], log);
    }

    [Fact]
    public async Task Nothing_wakes_before_it_is_due()
    {
        var log = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scheduler = new WakeScheduler(time);
        scheduler.Start();
        var later = new Target("later", log);
        var sooner = new Target("sooner", log);

        scheduler.Schedule(later, time.GetUtcNow().AddSeconds(10));
        scheduler.Schedule(sooner, time.GetUtcNow().AddSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => log.Contains("sooner"), "the target due at 5 s");

        Assert.Equal(["sooner"], log);   // a target woken early would have been woken in the same pass
        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => log.Contains("later"), "the target due at 10 s");
    }

    [Fact]
    public async Task A_cancelled_target_does_not_wake()
    {
        var log = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scheduler = new WakeScheduler(time);
        scheduler.Start();
        var cancelled = new Target("cancelled", log);
        var control = new Target("control", log);

        scheduler.Schedule(cancelled, time.GetUtcNow().AddMilliseconds(50));
        scheduler.Cancel(cancelled);
        scheduler.Schedule(control, time.GetUtcNow().AddMilliseconds(150));
        time.Advance(TimeSpan.FromMilliseconds(150));

        await Eventually.TrueAsync(() => log.Contains("control"), "the control target");
        Assert.DoesNotContain("cancelled", log);
    }

    [Fact]
    public async Task Thousands_of_targets_are_served_by_one_loop()
    {
        var log = new ConcurrentQueue<string>();
        await using var scheduler = new WakeScheduler(TimeProvider.System);
        scheduler.Start();
        var due = DateTimeOffset.UtcNow.AddMilliseconds(50);
        var targets = Enumerable.Range(0, 5000).Select(i => new Target(i.ToString(System.Globalization.CultureInfo.InvariantCulture), log)).ToList();

        foreach (var target in targets)
        {
            // Every target moves three times; only the last schedule counts.
            scheduler.Schedule(target, due.AddHours(1));
            scheduler.Schedule(target, due.AddMinutes(1));
            scheduler.Schedule(target, due);
        }

        await Eventually.TrueAsync(() => log.Count >= 5000, "5000 wakes");
        Assert.Equal(5000, log.Distinct().Count());
    }
}
