using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Resilience;

/// <summary>Issue 16 §1: idle connections past a listener's limit or the per-address limit are closed at once; the
/// process lives, the API answers, and once the flood goes away devices are served again.</summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private const int CwmpLimit = 30;
    private const int PerAddress = 50;
    private readonly List<Socket> _sockets = [];
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync(o =>
    {
        o.Limits.CwmpConnections = CwmpLimit;
        o.Limits.FilesConnections = 100;
        o.Limits.ConnectionsPerAddress = PerAddress;
        // The flood's half-sent requests must outlive the test's checks, not be ended by the header timeout.
        o.Limits.RequestHeadersTimeoutSeconds = 300;
    });

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task Idle_connections_past_the_listener_and_per_address_limits_are_closed_and_the_acs_keeps_serving()
    {
        var cwmp = await OpenIdleAsync(_acs.CwmpUri.Port, 40);
        await Eventually.TrueAsync(() => cwmp.Count(IsClosed) == 40 - CwmpLimit,
            $"the CWMP listener to close the {40 - CwmpLimit} connections past its limit of {CwmpLimit} (closed: {cwmp.Count(IsClosed)})");

        // The file server shares the per-address limit: 30 connections held on CWMP leave 20 for 127.0.0.1.
        var files = await OpenIdleAsync(_acs.Files.BaseAddress!.Port, 30);
        await Eventually.TrueAsync(() => files.Count(IsClosed) == 30 - (PerAddress - CwmpLimit),
            $"the file server to close the connections past the per-address limit of {PerAddress} (closed: {files.Count(IsClosed)})");

        // The held connections stay open (the flood is refused, not everyone), and the API still answers.
        Assert.Equal(CwmpLimit, cwmp.Count(s => !IsClosed(s)));
        using (var listing = await _acs.Api.GetAsync("api/devices"))
        {
            Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        }
        Assert.False(_acs.App.Lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(_acs.App.Services.GetRequiredService<ConnectionLimiter>().Refused >= 20);

        // Once the flood lets go, a device is served again.
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        _sockets.Clear();
        using var cpe = _acs.Cpe("AFTERFLOOD");
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await cpe.InformAsync("2 PERIODIC")).Status == 200;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "an Inform to be answered after the flood");
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void An_ipv6_64_counts_as_one_address(string address, string key)
        => Assert.Equal(IPAddress.Parse(key), ConnectionLimiter.Key(IPAddress.Parse(address)));

    private async Task<List<Socket>> OpenIdleAsync(int port, int count)
    {
        var opened = new List<Socket>();
        var head = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(socket);
            opened.Add(socket);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(head);
            }
            catch (SocketException)
            {
                // Already closed by the ACS: counted below.
            }
        }
        return opened;
    }

    private static bool IsClosed(Socket socket)
    {
        if (!socket.Connected)
        {
            return true; // Reset while connecting or sending.
        }
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Receive(new byte[1], SocketFlags.Peek) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
