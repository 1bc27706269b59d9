using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Api;
using TR069Acs.Server.Files;
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
                ["Logging:LogLevel:Quartz"] = "Warning",
                // Its start-up warning that keys are stored unencrypted is about the key directory, whose
                // protection (mode 0700, the service account) the README states.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                // "Hosting failed to start" repeats, with a stack trace, the start failure the caller reports itself
                // (acs serve prints the message of a key ring that does not match the database, and exits).
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
            },
        });

        // Every Acs:* key and value is checked before anything binds: a typo stops the start naming the nearest setting.
        var problems = AcsSettings.Check(builder.Configuration);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
        var options = new AcsOptions();
        try
        {
            builder.Configuration.GetSection(AcsOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names .NET types; say which key instead.
            var key = System.Text.RegularExpressions.Regex.Match(e.Message, "'(Acs:[^']*)'").Groups[1].Value;
            throw new InvalidOperationException($"{(key.Length > 0 ? key : "An Acs setting")} has a value that cannot be read (acs settings says what each holds).", e);
        }
        configure?.Invoke(options);
        Validate(options);
        var tls = Files.TlsMaterial.Load(options);

        builder.Services.AddAcs(options);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host =>
        {
            // Every background service catches, logs once per burst and retries its own failures (issue 16). One that
            // still escapes is logged by the host and ends that service only: stopping the host (the default,
            // StopHost) would take every listener down and drop the phones' sessions for a fault in upkeep.
            host.BackgroundServiceExceptionBehavior = Microsoft.Extensions.Hosting.BackgroundServiceExceptionBehavior.Ignore;
            // Room for the telemetry drain (its own budget) after Kestrel and the sessions have stopped.
            host.ShutdownTimeout = TimeSpan.FromSeconds(options.TelemetryDrainSeconds + 30);
        });
        builder.Services.AddSingleton(options.Limits);
        builder.Services.AddSingleton<ConnectionLimiter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi =>
        {
            var bearer = new Operators.BearerOpenApiTransformer();
            openApi.AddDocumentTransformer(bearer);
            openApi.AddOperationTransformer(bearer);
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The CWMP endpoint enforces Acs:MaxBodyBytes itself (413 with a message); API bodies are small.
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes + 1L, 1 << 20);
            var listeners = kestrel.ApplicationServices.GetRequiredService<AcsListeners>();
            var limiter = kestrel.ApplicationServices.GetRequiredService<ConnectionLimiter>();
            var caps = ConnectionCaps(kestrel, options, tls is not null);
            var address = AcsListeners.ParseAddress(options.ListenAddress);
            listeners.Cwmp = Listen(kestrel, address, options.CwmpPort, limiter.For("CWMP", caps["CWMP"]));
            if (options.ApiPort >= 0)
            {
                listeners.Api = Listen(kestrel, address, options.ApiPort, limiter.For("API", caps["API"], perAddress: false));
            }
            if (options.FilesPort >= 0)
            {
                listeners.Files = Listen(kestrel, address, options.FilesPort, limiter.For("Files", caps["Files"]));
            }
            if (tls is not null)
            {
                var tlsLogger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Files.TlsListener).FullName!);
                if (options.FilesTlsPort >= 0)
                {
                    listeners.FilesTls = Listen(kestrel, address, options.FilesTlsPort, limiter.For("Files HTTPS", caps["Files HTTPS"]),
                        o => o.UseAcsHttps(tls, options.ClientCertificateMode, tlsLogger));
                }
                if (options.ApiTlsPort >= 0)
                {
                    // The operator API over HTTPS: bearer tokens and passwords never cross the network in the clear.
                    listeners.ApiTls = Listen(kestrel, address, options.ApiTlsPort, limiter.For("API HTTPS", caps["API HTTPS"], perAddress: false),
                        o => o.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = tls.Certificate,
                            ServerCertificateChain = tls.Intermediates,
                        }));
                }
                if (options.CwmpTlsPort >= 0)
                {
                    // TR-069 3.4: CPE sessions over TLS. A client certificate is verified when sent; in Certificate mode
                    // (Acs:CpeAuth:Mode) it is required, and it must name the device of the Inform.
                    var certificateMode = options.CpeAuth.Mode == CpeAuth.CpeAuthMode.Certificate
                        ? Files.TlsClientCertificateMode.Required : Files.TlsClientCertificateMode.Optional;
                    listeners.CwmpTls = Listen(kestrel, address, options.CwmpTlsPort, limiter.For("CWMP HTTPS", caps["CWMP HTTPS"]),
                        o => o.UseAcsHttps(tls, certificateMode, tlsLogger));
                }
            }
        });

        var app = builder.Build();
        var acsListeners = app.Services.GetRequiredService<AcsListeners>();
        var cwmp = app.Services.GetRequiredService<CwmpEndpoint>();
        // CWMP requests never reach routing, problem details or OpenAPI: they branch off first.
        UseTrustedProxies(app, app.Services.GetRequiredService<AcsOptions>().Cluster);
        app.MapWhen(context => acsListeners.IsCwmp(context.Connection.LocalPort), branch => branch.Run(cwmp.HandleAsync));
        var files = app.Services.GetRequiredService<Files.FileServer>();
        app.MapWhen(context => acsListeners.IsFiles(context.Connection.LocalPort), branch => branch.Run(files.HandleAsync));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        // Inside authentication (it knows the actor) and outside authorization (refusals are recorded too).
        app.UseMiddleware<Operators.AuditMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<Api.JsonBodyLimits>();
        app.UseMiddleware<Api.ContentTypeProblems>();
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

    /// <summary>The API base URL actually bound, e.g. <c>http://127.0.0.1:40124/</c>; the HTTPS one when plain HTTP is off
    /// (<c>Acs:ApiPort</c> -1). Call after start.</summary>
    public static Uri GetApiUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        return listeners.Api is null && listeners.ApiTlsPort is { } tlsPort
            ? new Uri($"https://{listeners.UriHost}:{tlsPort}/")
            : new Uri($"http://{listeners.UriHost}:{listeners.ApiPort}/");
    }

    /// <summary>The API-over-HTTPS base URL actually bound, or null when <c>Acs:ApiTlsPort</c> is off. Call after start.</summary>
    public static Uri? GetApiTlsUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        return listeners.ApiTlsPort is { } port ? new Uri($"https://{listeners.UriHost}:{port}/") : null;
    }

    /// <summary>The TFTP endpoint actually bound (resolves port 0), or null when TFTP is off. Call after start.</summary>
    public static IPEndPoint? GetTftpEndPoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetService<Tftp.TftpServerHostedService>()?.Server.LocalEndPoint;
    }

    /// <summary>The HTTPS file server base URL actually bound, e.g. <c>https://127.0.0.1:40126/</c>. Call after start.</summary>
    /// <exception cref="InvalidOperationException">HTTPS is off (no <c>Acs:TlsCertificate</c>, or <c>Acs:FilesTlsPort</c> -1).</exception>
    public static Uri GetFilesTlsUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        return listeners.FilesTlsPort is { } port
            ? new Uri($"https://{listeners.UriHost}:{port}/")
            : throw new InvalidOperationException("The HTTPS file server is off: set Acs:TlsCertificate (--tls-cert) and keep Acs:FilesTlsPort >= 0.");
    }

    /// <summary>The CWMP-over-HTTPS URL actually bound, or null when <c>Acs:CwmpTlsPort</c> is off. Call after start.</summary>
    public static Uri? GetCwmpTlsUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        var path = app.Services.GetRequiredService<AcsOptions>().CwmpPath;
        return listeners.CwmpTlsPort is { } port ? new Uri($"https://{listeners.UriHost}:{port}{(path.StartsWith('/') ? path : "/" + path)}") : null;
    }

    /// <summary>The file server base URL actually bound (profiles under <c>cfg/</c>, firmware under <c>firmware/</c>),
    /// e.g. <c>http://127.0.0.1:40125/</c>. Call after start.</summary>
    public static Uri GetFilesUri(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<AcsListeners>();
        // FilesPort names the setting when plain HTTP is off.
        return new Uri($"http://{listeners.UriHost}:{listeners.FilesPort}/");
    }

    private static Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions Listen(
        Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, IPAddress? address, int port,
        Func<Microsoft.AspNetCore.Connections.ConnectionDelegate, Microsoft.AspNetCore.Connections.ConnectionDelegate> limit,
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? configure = null)
    {
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? captured = null;
        // The limit runs first: a refused connection costs no TLS handshake.
        void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions o)
        {
            captured = o;
            o.Use(limit);
            configure?.Invoke(o);
        }
        if (address is null)
        {
            kestrel.ListenAnyIP(port, Configure);
        }
        else
        {
            kestrel.Listen(address, port, Configure);
        }
        return captured!;
    }

    // Issue 16 §1: every listener's connection limit, fitted into the descriptor budget (logged at start), and
    // shorter header and keep-alive timeouts (Kestrel's are server-wide; they suit the API as well).
    private static Dictionary<string, int> ConnectionCaps(
        Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, AcsOptions options, bool tls)
    {
        var limits = options.Limits;
        var caps = new Dictionary<string, int> { ["CWMP"] = limits.CwmpConnections, ["API"] = limits.ApiConnections };
        if (options.FilesPort >= 0)
        {
            caps["Files"] = limits.FilesConnections;
        }
        if (tls && options.FilesTlsPort >= 0)
        {
            caps["Files HTTPS"] = limits.FilesTlsConnections;
        }
        if (tls && options.CwmpTlsPort >= 0)
        {
            caps["CWMP HTTPS"] = limits.CwmpTlsConnections;
        }
        if (tls && options.ApiTlsPort >= 0)
        {
            caps["API HTTPS"] = limits.ApiConnections;
        }
        var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectionBudget).FullName!);
        var tftp = options.TftpPort >= 0 ? new Tftp.TftpServerOptions().MaxConcurrentTransfers : 0;
        ConnectionBudget.Fit(caps, tftp, limits, DescriptorBudget.Read(), logger);
        // Kestrel's own server-wide count is the backstop; the per-listener middleware refuses first.
        kestrel.Limits.MaxConcurrentConnections = caps.Values.Sum(v => (long)v);
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
        return caps;
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
        Require(o.ApiPort is >= -1 and <= 65535, $"Acs:ApiPort must be 0-65535, or -1 for the HTTPS API only, got {o.ApiPort}.");
        Require(o.ApiTlsPort is >= -1 and <= 65535, $"Acs:ApiTlsPort must be 0-65535, or -1 for no HTTPS API, got {o.ApiTlsPort}.");
        Require(o.ApiTlsPort < 0 || !string.IsNullOrWhiteSpace(o.TlsCertificate),
            "Acs:ApiTlsPort serves the API over HTTPS, which needs a certificate: set Acs:TlsCertificate (--tls-cert) and Acs:TlsKey (--tls-key).");
        Require(o.ApiPort >= 0 || o.ApiTlsPort >= 0, "Acs:ApiPort -1 turns the plain HTTP API off, which needs the HTTPS one: set Acs:ApiTlsPort and --tls-cert.");
        Require(o.ApiTlsPort <= 0 || (o.ApiTlsPort != o.CwmpPort && o.ApiTlsPort != o.ApiPort && o.ApiTlsPort != o.FilesPort && o.ApiTlsPort != o.FilesTlsPort
                && o.ApiTlsPort != o.CwmpTlsPort), $"Acs:ApiTlsPort must differ from the other ports (got {o.ApiTlsPort}).");
        Require(o.Api.SessionMinutes is > 0 and <= 7 * 24 * 60, $"Acs:Api:SessionMinutes must be 1 to 10080 (a week), got {o.Api.SessionMinutes}.");
        Require(o.Audit.RetentionDays > 0, $"Acs:Audit:RetentionDays must be positive, got {o.Audit.RetentionDays}.");
        Require(o.CwmpPort == 0 || o.CwmpPort != o.ApiPort, $"Acs:CwmpPort and Acs:ApiPort must differ (both {o.CwmpPort}).");
        Require(o.TftpPort is >= -1 and <= 65535, $"Acs:TftpPort must be 0-65535, or -1 for no TFTP, got {o.TftpPort}.");
        Require(o.FilesPort is >= -1 and <= 65535, $"Acs:FilesPort must be 0-65535, or -1 for HTTPS only, got {o.FilesPort}.");
        Require(o.FilesPort >= 0 || (o.FilesTlsPort >= 0 && !string.IsNullOrWhiteSpace(o.TlsCertificate)),
            "Acs:FilesPort -1 turns the plain HTTP file server off, which needs the HTTPS one: set Acs:TlsCertificate (--tls-cert) and keep Acs:FilesTlsPort >= 0.");
        Require(o.FilesPort <= 0 || (o.FilesPort != o.CwmpPort && o.FilesPort != o.ApiPort), $"Acs:FilesPort must differ from Acs:CwmpPort and Acs:ApiPort (got {o.FilesPort}).");
        Require(o.FilesTlsPort is >= -1 and <= 65535, $"Acs:FilesTlsPort must be 0-65535, or -1 for no HTTPS file server, got {o.FilesTlsPort}.");
        Require(o.CwmpTlsPort is >= -1 and <= 65535, $"Acs:CwmpTlsPort must be 0-65535, or -1 for no CWMP over HTTPS, got {o.CwmpTlsPort}.");
        Require(o.FilesTlsPort <= 0 || (o.FilesTlsPort != o.CwmpPort && o.FilesTlsPort != o.ApiPort && o.FilesTlsPort != o.FilesPort),
            $"Acs:FilesTlsPort must differ from Acs:CwmpPort, Acs:ApiPort and Acs:FilesPort (got {o.FilesTlsPort}).");
        Require(o.CwmpTlsPort <= 0 || (o.CwmpTlsPort != o.CwmpPort && o.CwmpTlsPort != o.ApiPort && o.CwmpTlsPort != o.FilesPort && o.CwmpTlsPort != o.FilesTlsPort),
            $"Acs:CwmpTlsPort must differ from the other ports (got {o.CwmpTlsPort}).");
        Require(o.MaxFirmwareBytes > 0, $"Acs:MaxFirmwareBytes must be positive, got {o.MaxFirmwareBytes}.");
        Require(o.MaxBodyBytes > 0, $"Acs:MaxBodyBytes must be positive, got {o.MaxBodyBytes}.");
        Require(o.SessionTimeoutSeconds > 0, $"Acs:SessionTimeoutSeconds must be positive, got {o.SessionTimeoutSeconds}.");
        var l = o.Limits;
        foreach (var (name, value) in new[]
        {
            ("CwmpConnections", l.CwmpConnections), ("CwmpTlsConnections", l.CwmpTlsConnections), ("FilesConnections", l.FilesConnections),
            ("FilesTlsConnections", l.FilesTlsConnections), ("ApiConnections", l.ApiConnections), ("ConnectionsPerAddress", l.ConnectionsPerAddress),
            ("RequestHeadersTimeoutSeconds", l.RequestHeadersTimeoutSeconds), ("KeepAliveTimeoutSeconds", l.KeepAliveTimeoutSeconds),
        })
        {
            Require(value > 0, $"Acs:Limits:{name} must be positive, got {value}.");
        }
        Require(l.DescriptorReserve >= 0, $"Acs:Limits:DescriptorReserve must be 0 or more, got {l.DescriptorReserve}.");
        Require(o.MaxParameterValueChars > 0, $"Acs:MaxParameterValueChars must be positive, got {o.MaxParameterValueChars}.");
        Require(o.MaxInformParameters > 0, $"Acs:MaxInformParameters must be positive, got {o.MaxInformParameters}.");
        Require(o.TelemetryQueueBytes >= 1 << 20, $"Acs:TelemetryQueueBytes must be at least 1 MiB, got {o.TelemetryQueueBytes}.");
        Require(o.TelemetryBatchRows > 0, $"Acs:TelemetryBatchRows must be positive, got {o.TelemetryBatchRows}.");
        Require(o.TelemetryDrainSeconds > 0, $"Acs:TelemetryDrainSeconds must be positive, got {o.TelemetryDrainSeconds}.");
        Require(o.TaskMaxAttempts > 0, $"Acs:TaskMaxAttempts must be positive, got {o.TaskMaxAttempts}.");
        Require(o.TaskDefaultExpirySeconds > 0, $"Acs:TaskDefaultExpirySeconds must be positive, got {o.TaskDefaultExpirySeconds}.");
        Require(!string.IsNullOrWhiteSpace(o.DataDirectory) || !string.IsNullOrWhiteSpace(o.Database), "Acs:DataDirectory must not be empty.");
        var cpe = o.CpeAuth;
        Require(Enum.IsDefined(cpe.Mode), $"Acs:CpeAuth:Mode must be Credentials, Certificate or Off, got {cpe.Mode}.");
        Require(Enum.IsDefined(cpe.Admission), $"Acs:CpeAuth:Admission must be Bootstrap, PreRegistered or Open, got {cpe.Admission}.");
        Require(cpe.Mode != CpeAuth.CpeAuthMode.Certificate
                || (!string.IsNullOrWhiteSpace(o.TlsCertificate) && !string.IsNullOrWhiteSpace(o.ClientCa) && o.CwmpTlsPort >= 0),
            "Acs:CpeAuth:Mode Certificate needs CWMP over HTTPS with client certificates: set --tls-cert, --client-ca and Acs:CwmpTlsPort.");
        Require(cpe.Mode != CpeAuth.CpeAuthMode.Credentials || cpe.Admission != CpeAuth.CpeAdmission.Bootstrap
                || (!string.IsNullOrEmpty(cpe.BootstrapUsername) && !string.IsNullOrEmpty(cpe.BootstrapPassword)),
            "Acs:CpeAuth:Admission Bootstrap needs Acs:CpeAuth:BootstrapUsername and BootstrapPassword (or choose PreRegistered or Open).");
        Require(cpe.ReadmitWindow >= TimeSpan.Zero, $"Acs:CpeAuth:ReadmitWindow must be zero (never) or positive, got {cpe.ReadmitWindow}.");
        Require(cpe.NonceLifetimeSeconds > 0, $"Acs:CpeAuth:NonceLifetimeSeconds must be positive, got {cpe.NonceLifetimeSeconds}.");
        Require(cpe.SlowDownAfterFailures > 0 && cpe.LockoutAfterFailures > 0 && cpe.LockoutSeconds > 0 && cpe.FailureWindowSeconds > 0 && cpe.SlowDownMilliseconds >= 0,
            "Acs:CpeAuth:SlowDownAfterFailures, LockoutAfterFailures, LockoutSeconds and FailureWindowSeconds must be positive.");
        AcsListeners.ParseAddress(o.ListenAddress);
        Provisioning.ProvisioningUrls.Validate(o);
        Require(o.Config.ConfirmAbove >= 0, $"Acs:Config:ConfirmAbove must be 0 or more, got {o.Config.ConfirmAbove}.");
        Files.FirmwareKeys.Load(o)?.Dispose();
        _ = new PathString(o.CwmpPath.StartsWith('/') ? o.CwmpPath : "/" + o.CwmpPath);
    }

    // Behind a load balancer (Acs:Cluster:TrustedProxies): every listener's requests from it carry the client's address.
    private static void UseTrustedProxies(WebApplication app, Cluster.ClusterOptions cluster)
    {
        if (cluster.TrustedProxyNetworks.Count == 0)
        {
            return;
        }
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in cluster.TrustedProxyNetworks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
        app.UseForwardedHeaders(forwarded);
    }
}
