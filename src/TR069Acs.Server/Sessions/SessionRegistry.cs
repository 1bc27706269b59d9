using System.Collections.Concurrent;
using System.Net;

namespace TR069Acs.Server.Sessions;

/// <summary>The live sessions of this node, found by cookie, by connection, or (for a CPE that echoes no cookie and
/// opens a new connection) by remote address when exactly one session comes from it. Also the in-process half of
/// the one-session-per-device rule.</summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, CwmpSession> _byCookie = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CwmpSession> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CwmpSession> _byDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, HashSet<CwmpSession>> _byAddress = [];

    public int Count => _byCookie.Count;

    public IEnumerable<CwmpSession> All => _byCookie.Values;

    /// <summary>The session a request belongs to, or null. <paramref name="byAddressOnly"/> tells a guess by remote
    /// address (which an Inform must not trust: it may be another CPE behind the same address) from a real match.</summary>
    public CwmpSession? Find(string? cookie, string connectionId, IPAddress? remoteAddress, out bool byAddressOnly)
    {
        byAddressOnly = false;
        if (cookie is not null)
        {
            // A cookie that names no live session means that session is over: no fallback guessing.
            return _byCookie.TryGetValue(cookie, out var byCookie) ? byCookie : null;
        }
        if (_byConnection.TryGetValue(connectionId, out var byConnection))
        {
            return byConnection;
        }
        if (remoteAddress is not null)
        {
            lock (_byAddress)
            {
                if (_byAddress.TryGetValue(remoteAddress, out var sessions) && sessions.Count == 1)
                {
                    byAddressOnly = true;
                    return sessions.First();
                }
            }
        }
        return null;
    }

    /// <summary>The session currently running for a device on this node, if any.</summary>
    public CwmpSession? ForDevice(string deviceId) => _byDevice.TryGetValue(deviceId, out var s) ? s : null;

    /// <summary>Registers a new session unless the device already has one; returns the holder on conflict.</summary>
    public bool TryAdd(CwmpSession session, out CwmpSession? holder)
    {
        if (!_byDevice.TryAdd(session.DeviceId, session))
        {
            holder = ForDevice(session.DeviceId);
            if (holder is null)
            {
                return TryAdd(session, out holder);
            }
            return false;
        }
        holder = null;
        _byCookie[session.Cookie] = session;
        _byConnection[session.ConnectionId] = session;
        if (session.RemoteAddress is { } address)
        {
            lock (_byAddress)
            {
                if (!_byAddress.TryGetValue(address, out var sessions))
                {
                    _byAddress[address] = sessions = [];
                }
                sessions.Add(session);
            }
        }
        return true;
    }

    /// <summary>Notes that the session's CPE now talks over another connection.</summary>
    public void Rebind(CwmpSession session, string connectionId)
    {
        if (session.ConnectionId == connectionId)
        {
            return;
        }
        _byConnection.TryRemove(KeyValuePair.Create(session.ConnectionId, session));
        session.ConnectionId = connectionId;
        _byConnection[connectionId] = session;
    }

    public void Remove(CwmpSession session)
    {
        _byCookie.TryRemove(KeyValuePair.Create(session.Cookie, session));
        _byConnection.TryRemove(KeyValuePair.Create(session.ConnectionId, session));
        _byDevice.TryRemove(KeyValuePair.Create(session.DeviceId, session));
        if (session.RemoteAddress is { } address)
        {
            lock (_byAddress)
            {
                if (_byAddress.TryGetValue(address, out var sessions) && sessions.Remove(session) && sessions.Count == 0)
                {
                    _byAddress.Remove(address);
                }
            }
        }
    }
}
