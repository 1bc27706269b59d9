using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.ConnectionRequests;

/// <summary>Decides whether a device's ConnectionRequestURL may be used (issue 16 §4): its host is resolved once, and
/// every address it resolves to must be the address the device connects from (its last Inform's source) or inside
/// <see cref="ConnectionRequestOptions.AllowedRanges"/>; loopback (unless allowed for a lab), link-local, non-unicast
/// addresses and the ACS's own addresses are refused. The request then goes to the checked addresses only, so a name
/// that resolves differently a moment later (DNS rebinding) changes nothing.</summary>
internal sealed class ConnectionRequestGuard(AcsOptions options, AcsListeners listeners, TimeProvider time)
{
    private static readonly IPNetwork _thisNetwork = IPNetwork.Parse("0.0.0.0/8");
    private static readonly IPNetwork _linkLocalV4 = IPNetwork.Parse("169.254.0.0/16");

    private readonly ConnectionRequestOptions _o = options.ConnectionRequests;
    private (IPAddress[] Addresses, long At)? _ownAddresses;

    /// <summary>The addresses to connect to, or why the URL is refused (an operator-facing sentence).</summary>
    public async Task<(IPAddress[]? Addresses, string? Refusal)> CheckAsync(Uri url, string? deviceAddress, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(_o.ResolveTimeoutSeconds));
                addresses = await Dns.GetHostAddressesAsync(url.DnsSafeHost, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (null, $"its host name '{url.DnsSafeHost}' does not resolve");
            }
            if (addresses.Length == 0)
            {
                return (null, $"its host name '{url.DnsSafeHost}' does not resolve");
            }
        }
        var source = Normalize(deviceAddress is not null && IPAddress.TryParse(deviceAddress, out var parsed) ? parsed : null);
        var checkedAddresses = new IPAddress[addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            var address = Normalize(addresses[i])!;
            if (Refusal(address, url.Port, source) is { } refusal)
            {
                return (null, literal is not null ? $"its host {address} {refusal}" : $"its host name '{url.DnsSafeHost}' resolves to {address}, which {refusal}");
            }
            checkedAddresses[i] = address;
        }
        return (checkedAddresses, null);
    }

    private string? Refusal(IPAddress address, int port, IPAddress? source)
    {
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        if (address.Equals(IPAddress.Broadcast) || (v4 && _thisNetwork.Contains(address)) || address.Equals(IPAddress.IPv6Any)
            || (v4 ? (address.GetAddressBytes()[0] & 0xF0) == 0xE0 : address.IsIPv6Multicast))
        {
            return "is not a unicast address";
        }
        if ((v4 && _linkLocalV4.Contains(address)) || address.IsIPv6LinkLocal)
        {
            return "is a link-local address";
        }
        if (IPAddress.IsLoopback(address))
        {
            if (!_o.AllowLoopback)
            {
                return "is a loopback address (Acs:ConnectionRequests:AllowLoopback is off)";
            }
            if (OwnPorts().Contains(port))
            {
                return $"is on this host, and port {port} is one of this ACS's listeners";
            }
        }
        else if (OwnAddresses().Contains(address))
        {
            return "is an address of this ACS";
        }
        if (address.Equals(source))
        {
            return null;
        }
        foreach (var range in _o.Ranges)
        {
            if (range.Contains(address))
            {
                return null;
            }
        }
        return source is null
            ? "is not inside Acs:ConnectionRequests:AllowedRanges, and the device's own address is not known yet"
            : $"is neither the address the device connects from ({source}) nor inside Acs:ConnectionRequests:AllowedRanges";
    }

    private HashSet<int> OwnPorts()
    {
        var ports = new HashSet<int> { listeners.CwmpPort };
        if (listeners.Api is not null)
        {
            ports.Add(listeners.ApiPort);
        }
        if (listeners.HasPlainFiles)
        {
            ports.Add(listeners.FilesPort);
        }
        foreach (var port in new[] { listeners.FilesTlsPort, listeners.CwmpTlsPort, listeners.ApiTlsPort })
        {
            if (port is { } p)
            {
                ports.Add(p);
            }
        }
        return ports;
    }

    // The configured listen address, or with "*" every address of the host's interfaces (refreshed once a minute: DHCP).
    private IPAddress[] OwnAddresses()
    {
        if (AcsListeners.ParseAddress(options.ListenAddress) is { } configured)
        {
            return [Normalize(configured)!];
        }
        var now = time.GetTimestamp();
        if (_ownAddresses is { } cached && time.GetElapsedTime(cached.At, now) < TimeSpan.FromMinutes(1))
        {
            return cached.Addresses;
        }
        IPAddress[] addresses;
        try
        {
            addresses = [.. NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => Normalize(u.Address)!)];
        }
        catch (NetworkInformationException)
        {
            addresses = [];
        }
        _ownAddresses = (addresses, now);
        return addresses;
    }

    private static IPAddress? Normalize(IPAddress? address)
        => address is null ? null
            : address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
            : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
            : address;
}
