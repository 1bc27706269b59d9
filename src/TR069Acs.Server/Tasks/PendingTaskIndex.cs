using System.Collections.Concurrent;

namespace TR069Acs.Server.Tasks;

/// <summary>The devices that have queued tasks, in memory, so that the empty POST of a device with nothing queued
/// (nearly every periodic session) ends with 204 without touching the database.</summary>
/// <remarks>Each mark carries a version: a session that found nothing removes the mark only if no task was queued
/// since it looked (<see cref="RemoveIfUnchanged"/>), so a task added concurrently is never forgotten.</remarks>
internal sealed class PendingTaskIndex
{
    private readonly ConcurrentDictionary<string, long> _devices = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Marks a device as having queued tasks (after the task is committed).</summary>
    public void Add(string deviceId) => _devices[deviceId] = Interlocked.Increment(ref _version);

    /// <summary>On a shared database (<see cref="Cluster.AcsNode.Shared"/>): every device may have tasks another node
    /// queued a moment ago (a Connection Request's session can reach this node before any index could learn of them),
    /// so <see cref="TryGet"/> always says yes and each session asks the database.</summary>
    public bool CheckEveryDevice { get; init; }

    /// <summary>True when the device may have queued tasks; <paramref name="version"/> identifies this mark.</summary>
    public bool TryGet(string deviceId, out long version) => _devices.TryGetValue(deviceId, out version) || CheckEveryDevice;

    /// <summary>Clears the mark when nothing was queued since <paramref name="version"/> was read.</summary>
    public void RemoveIfUnchanged(string deviceId, long version) => _devices.TryRemove(KeyValuePair.Create(deviceId, version));

    /// <summary>True when a task was queued for the device through this node and no session has found the queue empty since.</summary>
    public bool IsMarked(string deviceId) => _devices.ContainsKey(deviceId);

    /// <summary>Number of devices marked.</summary>
    public int Count => _devices.Count;
}
