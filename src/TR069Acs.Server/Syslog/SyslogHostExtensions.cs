using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace TR069Acs.Server.Syslog;

/// <summary>The syslog receiver of a built ACS (<see cref="AcsHost.Build"/>).</summary>
public static class SyslogHostExtensions
{
    /// <summary>The syslog endpoint actually bound (resolves port 0), or null when the receiver is off. Call after start.</summary>
    public static IPEndPoint? GetSyslogEndPoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetService<SyslogReceiverHostedService>()?.Receiver.LocalEndPoint;
    }
}
