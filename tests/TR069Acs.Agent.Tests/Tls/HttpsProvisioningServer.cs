using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Certificates;

namespace TR069Acs.Agent.Tests.Tls;

/// <summary>The guides' Apache with <c>SSLVerifyClient require</c> and the CGI reflector, on a loopback port: client
/// certificates must chain to the lab CA, and <c>/{mac}.xml</c> answers a profile whose <c>GPP_D</c> reflects the
/// certificate's OU, L and S, only to the phone whose certificate carries that MAC.</summary>
internal sealed class HttpsProvisioningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpsProvisioningServer(WebApplication app) => _app = app;

    /// <summary>Subjects of the client certificates of the requests that reached HTTP.</summary>
    public ConcurrentQueue<string> ClientSubjects { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<HttpsProvisioningServer> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 clientCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(clientCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        })));
        var app = builder.Build();
        var server = new HttpsProvisioningServer(app);
        app.Run(async context =>
        {
            var certificate = context.Connection.ClientCertificate!;
            server.ClientSubjects.Enqueue(certificate.Subject);
            var subject = DeviceCertificateSubject.Parse(certificate.SubjectName);
            var path = context.Request.Path.Value ?? "";
            if (!path.Equals($"/{subject.Mac}.xml", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = 403;
                return;
            }
            await context.Response.WriteAsync($"<flat-profile><GPP_D>OU={subject.OrganizationalUnit},L={subject.Locality},S={subject.State}</GPP_D></flat-profile>");
        });
        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
