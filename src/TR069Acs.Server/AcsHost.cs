using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Api;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Sessions;

namespace TR069Acs.Server;

/// <summary>Builds the ACS: the CWMP endpoint and the operator API as two listeners of one WebApplication.</summary>
public static class AcsHost
{
    /// <summary>Builds the whole ACS. Configuration: appsettings.json, environment variables (<c>ACS__CwmpPort</c>),
    /// command line (<c>--Acs:CwmpPort 8547</c>); <paramref name="configure"/> is applied last.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid (the message names it).</exception>
    public static WebApplication Build(string[] args, Action<AcsOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        // Defaults that configuration may override: per-request framework logs would dominate the hot path.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            },
        });

        var options = new AcsOptions();
        builder.Configuration.GetSection(AcsOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        Validate(options);

        builder.Services.AddAcs(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The CWMP endpoint enforces Acs:MaxBodyBytes itself (413 with a message); API bodies are small.
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes + 1L, 1 << 20);
            var listeners = kestrel.ApplicationServices.GetRequiredService<AcsListeners>();
            var address = AcsListeners.ParseAddress(options.ListenAddress);
            listeners.Cwmp = Listen(kestrel, address, options.CwmpPort);
            listeners.Api = Listen(kestrel, address, options.ApiPort);
            listeners.Files = Listen(kestrel, address, options.FilesPort);
        });

        var app = builder.Build();
        var acsListeners = app.Services.GetRequiredService<AcsListeners>();
        var cwmp = app.Services.GetRequiredService<CwmpEndpoint>();
        // CWMP requests never reach routing, problem details or OpenAPI: they branch off first.
        app.MapWhen(context => acsListeners.IsCwmp(context.Connection.LocalPort), branch => branch.Run(cwmp.HandleAsync));
        var files = app.Services.GetRequiredService<Files.FileServer>();
        app.MapWhen(context => acsListeners.IsFiles(context.Connection.LocalPort), branch => branch.Run(files.HandleAsync));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.MapOpenApi();
        app.MapAcsApi();
        return app;
    }

    /// <summary>The CWMP URL actually bound (port 0 resolved), e.g. <c>http://127.0.0.1:40123/</c>. Call after start.</summary>
    public static Uri GetCwmpUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        var path = app.Services.GetRequiredService<AcsOptions>().CwmpPath;
        return new Uri($"http://{listeners.UriHost}:{listeners.CwmpPort}{(path.StartsWith('/') ? path : "/" + path)}");
    }

    /// <summary>The API base URL actually bound, e.g. <c>http://127.0.0.1:40124/</c>. Call after start.</summary>
    public static Uri GetApiUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        return new Uri($"http://{listeners.UriHost}:{listeners.ApiPort}/");
    }

    /// <summary>The TFTP endpoint actually bound (resolves port 0), or null when TFTP is off. Call after start.</summary>
    public static IPEndPoint? GetTftpEndPoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetService<Tftp.TftpServerHostedService>()?.Server.LocalEndPoint;
    }

    /// <summary>The file server base URL actually bound (profiles under <c>cfg/</c>, firmware under <c>firmware/</c>),
    /// e.g. <c>http://127.0.0.1:40125/</c>. Call after start.</summary>
    public static Uri GetFilesUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        return new Uri($"http://{listeners.UriHost}:{listeners.FilesPort}/");
    }

    private static Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions Listen(
        Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, IPAddress? address, int port)
    {
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? captured = null;
        if (address is null)
        {
            kestrel.ListenAnyIP(port, o => captured = o);
        }
        else
        {
            kestrel.Listen(address, port, o => captured = o);
        }
        return captured!;
    }

    private static void Validate(AcsOptions o)
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException(message);
            }
        }
        Require(o.CwmpPort is >= 0 and <= 65535, $"Acs:CwmpPort must be 0-65535, got {o.CwmpPort}.");
        Require(o.ApiPort is >= 0 and <= 65535, $"Acs:ApiPort must be 0-65535, got {o.ApiPort}.");
        Require(o.CwmpPort == 0 || o.CwmpPort != o.ApiPort, $"Acs:CwmpPort and Acs:ApiPort must differ (both {o.CwmpPort}).");
        Require(o.TftpPort is >= -1 and <= 65535, $"Acs:TftpPort must be 0-65535, or -1 for no TFTP, got {o.TftpPort}.");
        Require(o.FilesPort is >= 0 and <= 65535, $"Acs:FilesPort must be 0-65535, got {o.FilesPort}.");
        Require(o.FilesPort == 0 || (o.FilesPort != o.CwmpPort && o.FilesPort != o.ApiPort), $"Acs:FilesPort must differ from Acs:CwmpPort and Acs:ApiPort (got {o.FilesPort}).");
        Require(o.MaxFirmwareBytes > 0, $"Acs:MaxFirmwareBytes must be positive, got {o.MaxFirmwareBytes}.");
        Require(o.MaxBodyBytes > 0, $"Acs:MaxBodyBytes must be positive, got {o.MaxBodyBytes}.");
        Require(o.SessionTimeoutSeconds > 0, $"Acs:SessionTimeoutSeconds must be positive, got {o.SessionTimeoutSeconds}.");
        Require(o.TaskMaxAttempts > 0, $"Acs:TaskMaxAttempts must be positive, got {o.TaskMaxAttempts}.");
        Require(o.TaskDefaultExpirySeconds > 0, $"Acs:TaskDefaultExpirySeconds must be positive, got {o.TaskDefaultExpirySeconds}.");
        Require(!string.IsNullOrWhiteSpace(o.DataDirectory) || !string.IsNullOrWhiteSpace(o.Database), "Acs:DataDirectory must not be empty.");
        AcsListeners.ParseAddress(o.ListenAddress);
        _ = new PathString(o.CwmpPath.StartsWith('/') ? o.CwmpPath : "/" + o.CwmpPath);
    }
}
