using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp;

namespace TR069Acs.Bench.Load;

/// <summary>A Kestrel endpoint that answers an Inform with fixed InformResponse bytes and a cookie, and the empty POST
/// with 204 — the same bytes as the ACS, with none of its work. The baseline of the load run.</summary>
internal sealed class TrivialEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrivialEndpoint(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public static async Task<TrivialEndpoint> StartAsync()
    {
        var port = BenchProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var informResponse = CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_2, new CwmpHeader(Id: "bench-0"), new InformResponse()));
        app.MapPost("/", async context =>
        {
            // Read the body as the ACS must; an empty body ends the session.
            var length = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }
            if (length == 0)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            context.Response.ContentType = "text/xml; charset=\"utf-8\"";
            context.Response.Headers.SetCookie = "session=0123456789abcdef; Path=/; HttpOnly";
            context.Response.ContentLength = informResponse.Length;
            await context.Response.Body.WriteAsync(informResponse);
        });
        await app.StartAsync();
        return new TrivialEndpoint(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
