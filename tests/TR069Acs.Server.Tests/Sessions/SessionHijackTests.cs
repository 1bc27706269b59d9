using System.Net;
using System.Net.Sockets;
using System.Text;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>Issue 16 §5: a session is bound to its cookie, the address its Inform came from and the identity that proved
/// the device; it has a total lifetime and a cap on requests; and a session held by someone else ends when the real,
/// authenticated device informs.</summary>
public sealed class SessionHijackTests
{
    private const string GetRpcMethods = "<cwmp:GetRPCMethods/>";

    /// <summary>Binds a device (first session: the ACS sets its own credentials) and returns it, out of session.</summary>
    private static async Task<ScriptedCpe> BoundAsync(TestAcs acs, string serial)
    {
        var cpe = acs.Cpe(serial);
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        Assert.Equal(1, cpe.BindingsAnswered);
        return cpe;
    }

    private static string Cookie(ScriptedCpe.Reply inform)
    {
        var header = inform.Headers.GetValues("Set-Cookie").Single();
        return header[..header.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>A client whose connections leave from <paramref name="local"/> (another loopback address: another host).</summary>
    private static HttpClient From(IPAddress local) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_cookie_replayed_from_another_address_is_refused_and_the_session_goes_on()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await BoundAsync(acs, "REPLAY");
        await acs.QueueAsync(cpe.DeviceId, new { type = "reboot" });
        var inform = await cpe.InformAsync();
        Assert.Equal(200, inform.Status);

        using var other = From(IPAddress.Parse("127.0.0.2"));
        foreach (var body in new[] { "", Soap.Envelope(GetRpcMethods, id: "r-1"), Soap.Envelope(Soap.Inform(cpe.Oui, cpe.ProductClass, cpe.Serial, ["2 PERIODIC"], [])) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, acs.CwmpUri) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
            request.Headers.Add("Cookie", Cookie(inform));
            using var replayed = await other.SendAsync(request);
            var text = await replayed.Content.ReadAsStringAsync();
            Assert.True(replayed.StatusCode == HttpStatusCode.Forbidden, $"{(int)replayed.StatusCode}: {text}");
            Assert.Contains("session cookie was issued to another client", text, StringComparison.Ordinal);
        }

        // The device's own session was not touched: its queued task comes, and the session ends normally.
        var reboot = await cpe.EmptyAsync();
        Assert.Equal("Reboot", reboot.Method);
        Assert.Equal(204, (await cpe.AnswerAsync(reboot, "<cwmp:RebootResponse/>")).Status);
    }

    [Fact]
    public async Task A_request_with_another_users_credentials_is_refused()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await BoundAsync(acs, "IDENT");
        Assert.Equal(200, (await cpe.InformAsync()).Status);

        // The same connection and cookie, but the Digest user of another device.
        var username = cpe.Username;
        cpe.Username = "someone-else";
        var refused = await cpe.PostAsync(Soap.Envelope(GetRpcMethods, id: "i-1"));
        cpe.Username = username;

        Assert.Equal(403, refused.Status);
        Assert.Equal("GetRPCMethodsResponse", (await cpe.PostAsync(Soap.Envelope(GetRpcMethods, id: "i-2"))).Method);
    }

    [Fact]
    public async Task A_held_session_ends_when_the_real_authenticated_device_informs()
    {
        await using var acs = await TestAcs.StartAsync();
        using var device = await BoundAsync(acs, "HELD");
        // A clone with the device's credentials holds a session open with a request every few hundred milliseconds.
        using var holder = acs.Cpe("HELD");
        Assert.Equal(200, (await holder.InformAsync()).Status);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Task.Run(async () =>
        {
            for (var answered = 0; ; answered++)
            {
                var reply = await holder.PostAsync(Soap.Envelope(GetRpcMethods, id: $"h-{answered}"));
                if (reply.Method != "GetRPCMethodsResponse")
                {
                    return (answered, reply);
                }
                holding.TrySetResult();
                await Task.Delay(200);
            }
        });
        await Bounded.WithinAsync(holding.Task, "the holder to hold the session");

        // The real device is not told 503 for as long as the holder likes: its authenticated Inform takes over.
        var inform = await device.InformAsync("2 PERIODIC");
        Assert.Equal(200, inform.Status);
        var (answeredBefore, ended) = await Bounded.WithinAsync(held, "the holder's session to end");
        Assert.Equal(400, ended.Status);
        Assert.Contains("outside a CWMP session", ended.Body, StringComparison.Ordinal);
        Assert.True(answeredBefore >= 1, "the holder held the session before the device informed");
        Assert.Equal(204, (await device.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_session_ends_at_its_request_cap_and_its_outstanding_task_goes_back()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Sessions.MaxRequests = 10);
        using var cpe = await BoundAsync(acs, "CAP");
        Assert.Equal(200, (await cpe.InformAsync()).Status);   // request 1

        for (var i = 2; i <= 10; i++)
        {
            Assert.Equal("GetRPCMethodsResponse", (await cpe.PostAsync(Soap.Envelope(GetRpcMethods, id: $"c-{i}"))).Method);
        }
        var eleventh = await cpe.PostAsync(Soap.Envelope(GetRpcMethods, id: "c-11"));

        Assert.Equal(400, eleventh.Status);
        Assert.Contains("outside a CWMP session", eleventh.Body, StringComparison.Ordinal);
        // The device opens a new session as usual.
        Assert.Equal(200, (await cpe.InformAsync()).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_session_that_keeps_talking_ends_at_its_lifetime()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Sessions.MaxLifetime = TimeSpan.FromSeconds(2));
        using var cpe = await BoundAsync(acs, "LIFE");
        await acs.QueueAsync(cpe.DeviceId, new { type = "getRPCMethods" });
        Assert.Equal(200, (await cpe.InformAsync()).Status);
        var outstanding = await cpe.EmptyAsync();
        Assert.Equal("GetRPCMethods", outstanding.Method);

        // The CPE keeps the session busy with requests of its own instead of answering; well inside the 30 s session
        // timeout, only the lifetime can end it.
        ScriptedCpe.Reply? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await cpe.PostAsync(Soap.Envelope(GetRpcMethods, id: "l-1"));
            return last.Status != 200;
        }, "the session to end at its lifetime", 30);

        Assert.Equal(400, last!.Status);
        Assert.Contains("outside a CWMP session", last.Body, StringComparison.Ordinal);
        // The task it carried went back to the queue with the reason.
        var task = (await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/tasks")).AsArray().Single()!;
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Contains("Acs:Sessions:MaxLifetime", (string?)task["lastError"], StringComparison.Ordinal);
    }
}
