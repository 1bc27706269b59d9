using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Support;

/// <summary>The scripted ACS in the mode of an independent ACS that ties a CWMP session to its TCP connection (GenieACS
/// keeps its sessions per socket): an Inform opens a session on the connection it arrives on and sets a cookie; every
/// later request of the session must come on that connection with that cookie, else it is answered
/// <c>400 Invalid session</c> and recorded in <see cref="SessionViolations"/>. RPCs come from the per-device queues
/// of <see cref="DeviceQueues"/>.</summary>
internal sealed partial class ScriptedAcs
{
    private readonly ConcurrentDictionary<string, BoundSession> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BoundSession> _byCookie = new(StringComparer.Ordinal);

    /// <summary>Turns on the connection-bound sessions described on the type.</summary>
    public bool BindSessionsToConnections { get; set; }

    /// <summary>What a connection-bound ACS refused, for a person: which request, on which connection, why.</summary>
    public ConcurrentQueue<string> SessionViolations { get; } = new();

    /// <summary>RPCs per device serial number, one per HTTP response after the device's empty POST.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<CwmpMessage>> DeviceQueues { get; } = new(StringComparer.Ordinal);

    /// <summary>Every session the bound mode opened, in order: serial, connection, cookie, requests answered on it.</summary>
    public ConcurrentQueue<BoundSession> BoundSessions { get; } = new();

    /// <summary>Sessions open now (Inform received, 204 not yet sent) in the bound mode, and the most at once.</summary>
    public int MaxBoundSessions => Volatile.Read(ref _maxBound);

    private int _bound;
    private int _maxBound;

    /// <summary>Delay before each answer in the bound mode, so that the sessions of a fleet overlap.</summary>
    public TimeSpan BoundAnswerDelay { get; set; }

    private async Task<AcsReply?> BoundReplyAsync(AcsRequest request)
    {
        if (BoundAnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(BoundAnswerDelay);
        }
        if (request.Body is Inform inform)
        {
            if (_byConnection.TryGetValue(request.ConnectionId, out var open))
            {
                SessionViolations.Enqueue($"Inform of {inform.DeviceId.SerialNumber} on connection {request.ConnectionId}, "
                    + $"which carries the open session of {open.Serial}");
                return new AcsReply(StatusCodes.Status400BadRequest);
            }
            var session = new BoundSession(inform.DeviceId.SerialNumber, request.ConnectionId, Guid.NewGuid().ToString("N"));
            _byConnection[request.ConnectionId] = session;
            _byCookie[session.Cookie] = session;
            BoundSessions.Enqueue(session);
            InterlockedMax(ref _maxBound, Interlocked.Increment(ref _bound));
            return AcsReply.With(new InformResponse(1)) with
            {
                Headers = new Dictionary<string, string> { ["Set-Cookie"] = $"session={session.Cookie}; Path=/" },
            };
        }
        var cookie = request.Cookie?.Split(';', StringSplitOptions.TrimEntries).Select(c => c.Split('=', 2))
            .FirstOrDefault(c => c[0] == "session") is { Length: 2 } pair ? pair[1] : null;
        if (!_byConnection.TryGetValue(request.ConnectionId, out var current))
        {
            var owner = cookie is not null && _byCookie.TryGetValue(cookie, out var other) ? $" (its cookie belongs to {other.Serial}'s session on connection {other.ConnectionId})" : "";
            SessionViolations.Enqueue($"{request.Body?.ElementName ?? "empty POST"} on connection {request.ConnectionId}, which has no session{owner}");
            return new AcsReply(StatusCodes.Status400BadRequest);
        }
        if (cookie != current.Cookie)
        {
            SessionViolations.Enqueue($"{request.Body?.ElementName ?? "empty POST"} on connection {request.ConnectionId} of {current.Serial}'s session "
                + $"with cookie '{cookie}' instead of '{current.Cookie}'");
            return new AcsReply(StatusCodes.Status400BadRequest);
        }
        current.CountRequest();
        if (request.Body is TransferComplete)
        {
            return AcsReply.With(new TransferCompleteResponse());
        }
        if (request.Body is not null)
        {
            current.Answers.Enqueue(request.Body);
        }
        if (DeviceQueues.TryGetValue(current.Serial, out var queue) && queue.TryDequeue(out var next))
        {
            return AcsReply.With(next);
        }
        _byConnection.TryRemove(request.ConnectionId, out _);
        _byCookie.TryRemove(current.Cookie, out _);
        Interlocked.Decrement(ref _bound);
        return AcsReply.NoContent;
    }

    /// <summary>One session of the bound mode.</summary>
    internal sealed class BoundSession(string serial, string connectionId, string cookie)
    {
        public string Serial { get; } = serial;

        public string ConnectionId { get; } = connectionId;

        public string Cookie { get; } = cookie;

        private int _requests;

        /// <summary>Requests after the Inform that arrived correctly on this session's connection.</summary>
        public int Requests => Volatile.Read(ref _requests);

        public void CountRequest() => Interlocked.Increment(ref _requests);

        /// <summary>What the device answered to the RPCs of this session, in order.</summary>
        public ConcurrentQueue<CwmpMessage> Answers { get; } = new();
    }
}
