using System.Collections.Concurrent;

namespace TR069Acs.Server.Campaigns;

/// <summary>The devices with a campaign attempt in flight, in memory, so that the Inform of every other device (nearly
/// all of them) passes the campaign hook without a database query. A device is added before its attempt is committed
/// and removed after it left inProgress, so the set may briefly hold too much, never too little.</summary>
internal sealed class InFlightDevices
{
    private readonly ConcurrentDictionary<string, byte> _devices = new(StringComparer.Ordinal);

    public void Add(string deviceId) => _devices[deviceId] = 0;

    public void Remove(string deviceId) => _devices.TryRemove(deviceId, out _);

    public bool Contains(string deviceId) => _devices.ContainsKey(deviceId);

    public int Count => _devices.Count;
}
