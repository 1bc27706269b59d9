using System.Collections.Concurrent;
using TR069Acs.Agent.Fleet;

namespace TR069Acs.Agent.Tests.Fleet;

public sealed class WakeSchedulerTests
{
    private sealed class Target(string name, ConcurrentQueue<string> log) : IWakeable
    {
        public long WakeTicks { get; set; }

        public void Wake() => log.Enqueue(name);
    }

    [Fact]
    public async Task Targets_wake_in_due_order_and_a_reschedule_replaces_the_earlier_time()
    {
        var log = new ConcurrentQueue<string>();
        await using var scheduler = new WakeScheduler(TimeProvider.System);
        scheduler.Start();
        var now = DateTimeOffset.UtcNow;
        var a = new Target("a", log);
        var b = new Target("b", log);
        var c = new Target("c", log);

        scheduler.Schedule(b, now.AddMilliseconds(200));
        scheduler.Schedule(a, now.AddMilliseconds(100));
        scheduler.Schedule(c, now.AddMilliseconds(50));
        scheduler.Schedule(c, now.AddMilliseconds(300));   // supersedes 50 ms

        await Eventually.TrueAsync(() => log.Count >= 3, "three wakes");
        await Task.Delay(100);
        Assert.Equal(["a", "b", "c"], log);
    }

    [Fact]
    public async Task A_cancelled_target_does_not_wake()
    {
        var log = new ConcurrentQueue<string>();
        await using var scheduler = new WakeScheduler(TimeProvider.System);
        scheduler.Start();
        var cancelled = new Target("cancelled", log);
        var control = new Target("control", log);

        scheduler.Schedule(cancelled, DateTimeOffset.UtcNow.AddMilliseconds(50));
        scheduler.Cancel(cancelled);
        scheduler.Schedule(control, DateTimeOffset.UtcNow.AddMilliseconds(150));

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
