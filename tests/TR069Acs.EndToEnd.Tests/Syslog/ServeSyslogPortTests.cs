using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Syslog;

/// <summary><c>acs serve --syslog-port N</c> as an operator runs it.</summary>
public sealed class ServeSyslogPortTests
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");

    [Fact]
    public async Task Acs_serve_receives_syslog_on_the_port_given()
    {
        var data = Directory.CreateTempSubdirectory("acs-serve-syslog-").FullName;
        var syslogPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        var apiPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        using var acs = Start("serve", "--data", data, "--syslog-port", Text(syslogPort), "--tftp-port", "-1", "--Acs:ListenAddress", "127.0.0.1",
            "--Acs:CwmpPort", Text(FreePort(SocketType.Stream, ProtocolType.Tcp)), "--Acs:ApiPort", Text(apiPort),
            "--Acs:FilesPort", Text(FreePort(SocketType.Stream, ProtocolType.Tcp)), "--Logging:LogLevel:Default", "Warning");
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromSeconds(5) };
            using var phone = new UdpClient(AddressFamily.InterNetwork);
            var datagram = Encoding.ASCII.GetBytes("<134>Mar  9 08:15:02 0011aabbccdd CP-8841-3PCC 00:11:aa:bb:cc:dd -- Requesting resync tftp://10.0.0.1/x.cfg");
            JsonNode? stats = null;
            await AcsInstance.EventuallyAsync(async () =>
            {
                // Until the server is up the datagram is lost, as UDP syslog is: send it again each poll.
                await phone.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, syslogPort));
                try
                {
                    if (api.DefaultRequestHeaders.Authorization is null)
                    {
                        var password = Path.Combine(data, "initial-admin-password");
                        if (!File.Exists(password) || (await File.ReadAllTextAsync(password)).Trim() is not { Length: > 0 } text)
                        {
                            return false;
                        }
                        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                            await AcsInstance.LoginAsync(api.BaseAddress!, "admin", text));
                    }
                    stats = JsonNode.Parse(await api.GetStringAsync("api/syslog/stats"));
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                return (long?)stats?["stored"] > 0;
            }, "acs serve to store a syslog message", 60);
            Assert.Equal($"127.0.0.1:{syslogPort}", (string?)stats!["endPoint"]);
        }
        finally
        {
            Bounded.Kill(acs);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Acs_serve_refuses_a_port_out_of_range_naming_the_setting()
    {
        var (exitCode, _, error) = await Bounded.RunAsync("dotnet", [AcsDll, "serve", "--data", Path.GetTempPath(), "--syslog-port", "70000"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Acs:SyslogPort must be 0-65535, or -1", error, StringComparison.Ordinal);
    }

    private static Process Start(params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(AcsDll);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        return Process.Start(psi)!;
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
