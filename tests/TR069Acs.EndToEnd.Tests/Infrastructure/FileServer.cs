using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TR069Acs.EndToEnd.Tests.Infrastructure;

/// <summary>A plain HTTP file server on loopback that records which paths were fetched.</summary>
public sealed class FileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files;

    private FileServer(WebApplication app, ConcurrentDictionary<string, byte[]> files, Uri baseUri)
    {
        _app = app;
        _files = files;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public void Add(string path, byte[] content) => _files[path] = content;

    public static async Task<FileServer> StartAsync()
    {
        var files = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FileServer? server = null;
        app.Run(async context =>
        {
            server!.Requests.Enqueue(context.Request.Path.Value ?? "");
            if (files.TryGetValue(context.Request.Path.Value ?? "", out var content))
            {
                context.Response.ContentLength = content.Length;
                await context.Response.Body.WriteAsync(content);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        var address = app.Urls.First();
        server = new FileServer(app, files, new Uri(address.EndsWith('/') ? address : address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
