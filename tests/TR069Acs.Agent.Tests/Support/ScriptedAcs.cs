using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Tests.Support;

/// <summary>One HTTP request the scripted ACS received.</summary>
internal sealed record AcsRequest(
    string Method, string Path, CwmpEnvelope? Envelope, string? Cookie, string? Authorization, string? SoapAction,
    string? ContentType, string? UserAgent, bool ConnectionClose, string ConnectionId = "")
{
    public CwmpMessage? Body => Envelope?.Body;
}

/// <summary>What the scripted ACS answers.</summary>
internal sealed record AcsReply(int Status, CwmpMessage? Body = null, IReadOnlyDictionary<string, string>? Headers = null,
    byte[]? Raw = null, bool HoldRequests = false)
{
    public static AcsReply NoContent { get; } = new(StatusCodes.Status204NoContent);

    public static AcsReply With(CwmpMessage body) => new(StatusCodes.Status200OK, body);
}

/// <summary>A tiny ACS on a real loopback socket for functional tests of the agent alone. By default it behaves like a
/// correct ACS: InformResponse with a session cookie, TransferCompleteResponse, then the RPCs of <see cref="Queue"/>
/// one per response, then 204. <see cref="Script"/> can take over any request. It also serves files
/// (<c>GET /files/…</c>) and takes uploads (<c>PUT /upload/…</c>).</summary>
internal sealed partial class ScriptedAcs : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<AcsRequest> _requests = [];
    private int _open;
    private int _maxOpen;
    private int _ids;

    private ScriptedAcs(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>RPCs sent, one per HTTP response, after the CPE's empty POST.</summary>
    public ConcurrentQueue<CwmpMessage> Queue { get; } = new();

    /// <summary>Consulted for every CWMP request first; null falls back to the default behaviour.</summary>
    public Func<AcsRequest, Task<AcsReply?>>? Script { get; set; }

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, files are served only with these digest credentials.</summary>
    public (string Username, string Password)? FileCredentials { get; set; }

    public ConcurrentDictionary<string, (byte[] Body, string? ContentType)> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>Most sessions open at once (Inform received, 204 not yet sent).</summary>
    public int MaxConcurrentSessions => Volatile.Read(ref _maxOpen);

    public IReadOnlyList<AcsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<Inform> Informs => [.. Requests.Select(r => r.Body).OfType<Inform>()];

    /// <summary>What the CPE sent back for the RPCs (responses and faults), in order.</summary>
    public IReadOnlyList<CwmpMessage> Answers
        => [.. Requests.Select(r => r.Body).Where(b => b is not null and not Inform and not TransferComplete)!];

    public static async Task<ScriptedAcs> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var acs = new ScriptedAcs(app);
        app.Run(acs.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        acs.Url = new Uri(new Uri(address), "/acs");
        return acs;
    }

    public Uri FileUrl(string name) => new(Url, "/files/" + name);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/files", out var file) && HttpMethods.IsGet(request.Method))
        {
            if (FileCredentials is { } credentials && !Authorized(request, credentials.Username, credentials.Password))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = DigestAuth.CreateChallenge("files", Guid.NewGuid().ToString("N"));
                return;
            }
            if (Files.TryGetValue(file.Value!.TrimStart('/'), out var bytes))
            {
                await context.Response.Body.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return;
        }
        if (request.Path.StartsWithSegments("/upload", out var target) && HttpMethods.IsPut(request.Method))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            Uploads[target.Value!.TrimStart('/')] = (buffer.ToArray(), request.ContentType);
            context.Response.StatusCode = StatusCodes.Status201Created;
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var envelope = body.Length == 0 ? null : CwmpReader.Read(body.ToArray());
        var received = new AcsRequest(request.Method, request.Path.Value ?? "", envelope, request.Headers.Cookie.ToString().NullIfEmpty(),
            request.Headers.Authorization.ToString().NullIfEmpty(),
            request.Headers.TryGetValue("SOAPAction", out var action) ? action.ToString() : null,
            request.ContentType, request.Headers.UserAgent.ToString(), request.Headers.Connection.ToString().Contains("close", StringComparison.OrdinalIgnoreCase),
            context.Connection.Id);
        lock (_gate)
        {
            _requests.Add(received);
        }
        var reply = BindSessionsToConnections ? await BoundReplyAsync(received) : null;
        reply ??= (Script is { } script ? await script(received) : null) ?? Default(received);
        if (received.Body is Inform && reply.Body is InformResponse)
        {
            var open = Interlocked.Increment(ref _open);
            InterlockedMax(ref _maxOpen, open);
        }
        if (reply.Status == StatusCodes.Status204NoContent)
        {
            Interlocked.Decrement(ref _open);
        }
        await WriteAsync(context.Response, received, reply);
    }

    /// <summary>True when the request carries valid digest credentials (any nonce: the test server is not the subject).</summary>
    public static bool Authorized(HttpRequest request, string username, string password)
        => DigestAuth.TryParseAuthorization(request.Headers.Authorization.ToString(), out var credentials)
           && credentials.Username == username && DigestAuth.Verify(credentials, request.Method, password);

    private AcsReply Default(AcsRequest request) => request.Body switch
    {
        Inform => AcsReply.With(new InformResponse(1)) with { Headers = new Dictionary<string, string> { ["Set-Cookie"] = $"session={Guid.NewGuid():N}; Path=/" } },
        TransferComplete => AcsReply.With(new TransferCompleteResponse()),
        _ => Queue.TryDequeue(out var next) ? AcsReply.With(next) : AcsReply.NoContent,
    };

    private async Task WriteAsync(HttpResponse response, AcsRequest request, AcsReply reply)
    {
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers.Append(name, value);
        }
        byte[]? bytes = reply.Raw;
        if (bytes is null && reply.Body is { } message)
        {
            var version = request.Envelope?.Version ?? CwmpVersion.V1_2;
            var id = message is InformResponse or TransferCompleteResponse ? request.Envelope?.Header.Id : $"acs-{Interlocked.Increment(ref _ids)}";
            bytes = CwmpWriter.WriteToArray(new CwmpEnvelope(version, new CwmpHeader(Id: id, HoldRequests: reply.HoldRequests ? true : null), message));
        }
        if (bytes is not null)
        {
            response.ContentType = "text/xml; charset=utf-8";
            await response.Body.WriteAsync(bytes);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string value) => value.Length == 0 ? null : value;
}
