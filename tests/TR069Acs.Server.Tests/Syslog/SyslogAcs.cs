using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>An ACS under test with its syslog receiver on a free loopback port, and a phone-side UDP socket.</summary>
internal sealed class SyslogAcs : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    private SyslogAcs(TestAcs acs)
    {
        Acs = acs;
        EndPoint = acs.App.GetSyslogEndPoint() ?? throw new InvalidOperationException("the syslog receiver is off");
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public TestAcs Acs { get; }

    public IPEndPoint EndPoint { get; }

    public static string DeviceLogs(string deviceId = ConfigApi.DeviceId) => $"api/devices/{Uri.EscapeDataString(deviceId)}/logs";

    /// <summary>Starts the ACS with the device of <see cref="ConfigApi"/> pre-registered (MAC 00562B04DD5B, serial FCH2216ABCD).</summary>
    public static async Task<SyslogAcs> StartAsync(Action<AcsOptions>? configure = null)
    {
        var acs = await TestAcs.StartAsync(configure);
        await ConfigApi.PreRegisterAsync(acs);
        return new SyslogAcs(acs);
    }

    /// <summary>Fetches the device's profile over HTTP from 127.0.0.1, which becomes its last known address: its syslog from
    /// here is then verified and changes its status (issue 16 §6).</summary>
    public async Task FetchProfileAsync()
    {
        using var response = await Acs.Files.GetAsync($"cfg/{ConfigApi.Mac}.cfg");
        Assert.True(response.IsSuccessStatusCode, $"profile fetch → {(int)response.StatusCode}");
    }

    public Task SendAsync(string datagram) => SendAsync(Encoding.UTF8.GetBytes(datagram));

    public async Task SendAsync(byte[] datagram) => await _socket.SendToAsync(datagram, EndPoint);

    /// <summary>Sends datagrams as fast as the socket takes them (a flood), without awaiting each.</summary>
    public void Flood(byte[] datagram, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _socket.SendTo(datagram, EndPoint);
        }
    }

    /// <summary>GET of a page of logs; asserts success.</summary>
    public async Task<JsonArray> LogsAsync(string path) => (await Acs.GetJsonAsync(path)).AsArray();

    /// <summary>Polls until <paramref name="path"/> lists at least <paramref name="count"/> messages (they are stored behind a queue).</summary>
    public async Task<JsonArray> WaitForLogsAsync(string path, int count)
    {
        JsonArray logs = [];
        await TestAcs.EventuallyAsync(async () => (logs = await LogsAsync(path)).Count >= count, $"{count} message(s) under {path}");
        return logs;
    }

    public async Task<JsonObject> StatsAsync() => (await Acs.GetJsonAsync("api/syslog/stats")).AsObject();

    public async Task<JsonObject?> StatusAsync(string deviceId = ConfigApi.DeviceId)
        => (await Acs.GetJsonAsync($"api/devices/{Uri.EscapeDataString(deviceId)}"))["provisioning"]?.AsObject();

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await Acs.DisposeAsync();
    }
}
