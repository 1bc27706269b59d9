using TR069Acs.Cwmp;

namespace TR069Acs.Agent.State;

/// <summary>Events waiting to be delivered in an Inform, with the TR-069 3.7.1.5 rules: an event code starting with
/// a digit ("single" events such as <c>1 BOOT</c>) is held at most once; <c>M …</c> and vendor <c>X …</c> events are
/// held once per CommandKey. Not thread-safe: the phone guards it.</summary>
internal sealed class EventQueue
{
    private readonly List<EventStruct> _events = [];

    public int Count => _events.Count;

    public IReadOnlyList<EventStruct> Items => _events;

    /// <summary>Adds an event unless an equivalent one is already waiting.</summary>
    /// <returns>True when the event was added.</returns>
    public bool Add(EventStruct item)
    {
        if (_events.Exists(e => IsSameEvent(e, item)))
        {
            return false;
        }
        // 0 BOOTSTRAP leads the list: an ACS reads it as "forget what you knew about this CPE" before anything else.
        if (item.EventCode == EventCodes.Bootstrap)
        {
            _events.Insert(0, item);
        }
        else
        {
            _events.Add(item);
        }
        return true;
    }

    public bool Contains(string eventCode) => _events.Exists(e => e.EventCode == eventCode);

    /// <summary>Removes the events an InformResponse acknowledged. Equal events queued since stay, since the rules
    /// above kept them out of the queue while the delivered one waited.</summary>
    public void RemoveDelivered(IEnumerable<EventStruct> delivered)
    {
        foreach (var item in delivered)
        {
            _events.Remove(item);
        }
    }

    public void Clear() => _events.Clear();

    /// <summary>Restores persisted events, applying the same rules.</summary>
    public void Load(IEnumerable<EventStruct> events)
    {
        _events.Clear();
        foreach (var item in events)
        {
            Add(item);
        }
    }

    /// <summary>True when <paramref name="code"/> may appear only once per Inform whatever its CommandKey.</summary>
    public static bool IsSingle(string code) => code.Length > 0 && char.IsAsciiDigit(code[0]);

    private static bool IsSameEvent(EventStruct a, EventStruct b)
        => a.EventCode == b.EventCode && (IsSingle(a.EventCode) || a.CommandKey == b.CommandKey);
}
