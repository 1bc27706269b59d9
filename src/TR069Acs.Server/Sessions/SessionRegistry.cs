using System.Collections.Concurrent;

namespace TR069Acs.Server.Sessions;

/// <summary>The live sessions of this node, found by cookie or, for a CPE that echoes no cookie, by the HTTP
/// connection it keeps open (its remote endpoint). Also the in-process half of the one-session-per-device rule.</summary>
/// <remarks>There is deliberately no match by remote address alone: CPEs behind one NAT share it, and a guess
/// would hand one CPE's message to another's session.</remarks>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, CwmpSession> _byCookie = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CwmpSession> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CwmpSession> _byDevice = new(StringComparer.Ordinal);

    public int Count => _byCookie.Count;

    public IEnumerable<CwmpSession> All => _byCookie.Values;

    /// <summary>The session a request belongs to, or null.</summary>
    public CwmpSession? Find(string? cookie, string connectionId)
    {
        if (cookie is not null)
        {
            // A cookie that names no live session means that session is over: no fallback guessing.
            return _byCookie.TryGetValue(cookie, out var byCookie) ? byCookie : null;
        }
        return _byConnection.TryGetValue(connectionId, out var byConnection) ? byConnection : null;
    }

    /// <summary>The session currently running for a device on this node, if any.</summary>
    public CwmpSession? ForDevice(string deviceId) => _byDevice.TryGetValue(deviceId, out var s) ? s : null;

    /// <summary>Registers a new session unless the device already has one; returns the holder on conflict.</summary>
    public bool TryAdd(CwmpSession session, out CwmpSession? holder)
    {
        while (!_byDevice.TryAdd(session.DeviceId, session))
        {
            holder = ForDevice(session.DeviceId);
            if (holder is not null)
            {
                return false;
            }
        }
        holder = null;
        _byCookie[session.Cookie] = session;
        _byConnection[session.ConnectionId] = session;
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
    }
}
