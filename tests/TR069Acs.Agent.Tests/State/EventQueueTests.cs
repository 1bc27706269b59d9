using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.State;

public sealed class EventQueueTests
{
    private readonly EventQueue _queue = new();

    [Fact]
    public void Single_events_are_held_once_whatever_their_command_key()
    {
        Assert.True(_queue.Add(new EventStruct(EventCodes.Boot)));
        Assert.False(_queue.Add(new EventStruct(EventCodes.Boot)));
        Assert.True(_queue.Add(new EventStruct(EventCodes.Periodic)));
        Assert.False(_queue.Add(new EventStruct(EventCodes.Periodic, "other")));

        Assert.Equal(2, _queue.Count);
    }

    [Fact]
    public void M_events_are_held_once_per_command_key()
    {
        _queue.Add(new EventStruct(EventCodes.MReboot, "a"));
        _queue.Add(new EventStruct(EventCodes.MReboot, "a"));
        _queue.Add(new EventStruct(EventCodes.MReboot, "b"));
        _queue.Add(new EventStruct("X 0023EB Thing", "a"));

        Assert.Equal([("M Reboot", "a"), ("M Reboot", "b"), ("X 0023EB Thing", "a")], _queue.Items.Select(e => (e.EventCode, e.CommandKey)));
    }

    [Fact]
    public void Bootstrap_leads_the_list()
    {
        _queue.Add(new EventStruct(EventCodes.Boot));
        _queue.Add(new EventStruct(EventCodes.MReboot, "k"));
        _queue.Add(new EventStruct(EventCodes.Bootstrap));

        Assert.Equal(EventCodes.Bootstrap, _queue.Items[0].EventCode);
    }

    [Fact]
    public void Delivered_events_leave_and_events_queued_meanwhile_stay()
    {
        _queue.Add(new EventStruct(EventCodes.Boot));
        _queue.Add(new EventStruct(EventCodes.MReboot, "k"));
        var delivered = _queue.Items.ToList();
        _queue.Add(new EventStruct(EventCodes.ConnectionRequest));

        _queue.RemoveDelivered(delivered);

        Assert.Equal([EventCodes.ConnectionRequest], _queue.Items.Select(e => e.EventCode));
    }

    [Fact]
    public void Loading_persisted_events_applies_the_same_rules()
    {
        _queue.Load([new EventStruct(EventCodes.Boot), new EventStruct(EventCodes.Boot), new EventStruct(EventCodes.Bootstrap)]);

        Assert.Equal([EventCodes.Bootstrap, EventCodes.Boot], _queue.Items.Select(e => e.EventCode));
    }
}
