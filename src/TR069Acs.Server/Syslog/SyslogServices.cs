using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Syslog;

/// <summary>Registers the syslog receiver (<c>Acs:SyslogPort</c>), its database sink and retention.</summary>
internal static class SyslogServices
{
    /// <exception cref="InvalidOperationException">A syslog setting is invalid (the message names it).</exception>
    public static IServiceCollection AddAcsSyslog(this IServiceCollection services, AcsOptions options)
    {
        Validate(options);
        services.AddSingleton<SyslogStore>();
        services.AddSingleton<SyslogDeviceMatcher>();
        services.AddSingleton<UpgradeVersions>();
        services.AddSingleton<SyslogRetention>();
        services.AddSingleton<SyslogSink>();
        services.AddHostedService<SyslogRetentionService>();
        if (options.SyslogPort >= 0)
        {
            services.AddSingleton(sp => new SyslogReceiverHostedService(
                new SyslogReceiverOptions
                {
                    EndPoint = new IPEndPoint(AcsListeners.ParseAddress(options.ListenAddress) ?? IPAddress.Any, options.SyslogPort),
                    QueueCapacity = options.SyslogQueueCapacity,
                },
                sp.GetRequiredService<SyslogSink>(),
                sp.GetService<ILogger<SyslogReceiver>>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService(sp => sp.GetRequiredService<SyslogReceiverHostedService>());
        }
        return services;
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
        Require(o.SyslogPort is >= -1 and <= 65535, $"Acs:SyslogPort must be 0-65535, or -1 for no syslog receiver, got {o.SyslogPort}.");
        Require(o.SyslogQueueCapacity > 0, $"Acs:SyslogQueueCapacity must be positive, got {o.SyslogQueueCapacity}.");
        Require(o.SyslogRetentionDays > 0, $"Acs:SyslogRetentionDays must be positive, got {o.SyslogRetentionDays}.");
        Require(o.SyslogMaxMessagesPerDevice > 0, $"Acs:SyslogMaxMessagesPerDevice must be positive, got {o.SyslogMaxMessagesPerDevice}.");
        Require(o.SyslogMaxUnverifiedMessagesPerDevice > 0,
            $"Acs:SyslogMaxUnverifiedMessagesPerDevice must be positive, got {o.SyslogMaxUnverifiedMessagesPerDevice}.");
        Require(o.SyslogMaxUnattachedMessages > 0, $"Acs:SyslogMaxUnattachedMessages must be positive, got {o.SyslogMaxUnattachedMessages}.");
    }
}
