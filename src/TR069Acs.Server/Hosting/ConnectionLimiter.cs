using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Hosting;

/// <summary>Connection middleware for every listener (<c>ListenOptions.Use</c>, before TLS): counts the connections of
/// each listener and, on the device-facing ones, of each source address (an IPv6 /64 as one) and closes a new connection at once when either is at
/// its limit. Refusals are logged once a minute per listener, with their number.</summary>
internal sealed partial class ConnectionLimiter(AcsLimits limits, ILogger<ConnectionLimiter> logger)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();

    /// <summary>Connections refused so far, by any listener.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>The middleware of one listener that holds at most <paramref name="max"/> connections, and counts them
    /// against <see cref="AcsLimits.ConnectionsPerAddress"/> when <paramref name="perAddress"/> (the device-facing
    /// listeners; the API has only its own limit, so a device flood from the operators' network cannot lock them out).</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> For(string listener, int max, bool perAddress = true)
    {
        var open = new StrongBox(0);
        var log = new BurstLog(TimeSpan.FromMinutes(1));
        return next => async connection =>
        {
            var address = perAddress ? Key((connection.RemoteEndPoint as IPEndPoint)?.Address) : null;
            if (Interlocked.Increment(ref open.Value) > max)
            {
                Interlocked.Decrement(ref open.Value);
                Refuse(connection, listener, $"the listener holds its limit of {max} connections", log);
                return;
            }
            if (address is not null && !TryAcquire(address))
            {
                Interlocked.Decrement(ref open.Value);
                Refuse(connection, listener, $"{address} holds its limit of {limits.ConnectionsPerAddress} connections", log);
                return;
            }
            try
            {
                await next(connection);
            }
            finally
            {
                if (address is not null)
                {
                    Release(address);
                }
                Interlocked.Decrement(ref open.Value);
            }
        };
    }

    /// <summary>The address a connection counts against: IPv4 (also when IPv4-mapped), or the /64 of an IPv6 address.</summary>
    public static IPAddress? Key(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private bool TryAcquire(IPAddress address)
    {
        while (true)
        {
            if (_perAddress.TryGetValue(address, out var count))
            {
                if (count >= limits.ConnectionsPerAddress)
                {
                    return false;
                }
                if (_perAddress.TryUpdate(address, count + 1, count))
                {
                    return true;
                }
            }
            else if (_perAddress.TryAdd(address, 1))
            {
                return true;
            }
        }
    }

    private void Release(IPAddress address)
    {
        while (_perAddress.TryGetValue(address, out var count))
        {
            if (count <= 1 ? _perAddress.TryRemove(KeyValuePair.Create(address, count)) : _perAddress.TryUpdate(address, count - 1, count))
            {
                return;
            }
        }
    }

    private void Refuse(ConnectionContext connection, string listener, string why, BurstLog log)
    {
        Interlocked.Increment(ref _refused);
        if (log.ShouldLog(out var suppressed))
        {
            Log.Refused(logger, listener, (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString(), why, suppressed);
        }
        connection.Abort(new ConnectionAbortedException($"Connection refused: {why}."));
    }

    private sealed class StrongBox(int value)
    {
        public int Value = value;
    }

    private static partial class Log
    {
        [LoggerMessage(31, LogLevel.Warning, "{Listener} listener closed a new connection from {Remote}: {Why}; {Suppressed} more refused since the last report")]
        public static partial void Refused(ILogger logger, string listener, string? remote, string why, long suppressed);
    }
}
