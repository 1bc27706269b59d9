using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.ConnectionRequests;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Files;
using TR069Acs.Server.Operators;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Security;
using TR069Acs.Server.Sessions;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tasks;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Hosting;

/// <summary>Registers the ACS's services.</summary>
internal static class AcsServices
{
    public static IServiceCollection AddAcs(this IServiceCollection services, AcsOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecretProtection(options);
        var database = AcsDatabase.FromOptions(options);
        services.AddSingleton(database);
        services.AddSingleton<MigrationRunner>();
        options.Cluster.Validate();
        // Built now so that a malformed Acs:NodeId stops the start at once.
        var node = new AcsNode(options, database);
        services.AddSingleton(node);
        services.AddSingleton<ClusterChangeStore>();
        services.AddSingleton<ClusterSignals>();
        services.AddSingleton<IClusterSignals>(sp => sp.GetRequiredService<ClusterSignals>());
        services.AddSingleton<ClusterNodeStore>();
        services.AddSingleton<ClusterKeyStore>();
        services.AddSingleton<ClusterHealth>();
        services.AddSingleton<ClusterChangePoller>();
        services.AddSingleton<DeviceStore>();
        services.AddSingleton<ParameterStore>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<LeaseStore>();

        services.AddSingleton(new InformDigestCache(options.TelemetryCacheDevices));
        services.AddSingleton<TelemetryWriter>();

        services.TryAddSingleton(_ => PhoneMapping.Load());
        services.TryAddSingleton(sp => new PhoneParameterTranslator(sp.GetRequiredService<PhoneMapping>()));
        services.TryAddSingleton<ITaskParameterTranslator>(sp => sp.GetRequiredService<PhoneParameterTranslator>());
        services.AddSingleton(sp => new PendingTaskIndex { CheckEveryDevice = sp.GetRequiredService<AcsNode>().Shared });
        services.AddSingleton<TaskCompletionNotifier>();
        services.AddSingleton<TaskService>();

        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<CpeAuth.CpeCredentialStore>();
        services.AddSingleton<CpeAuth.DigestNonces>();
        services.AddSingleton<CpeAuth.CpeAuthThrottle>();
        services.AddSingleton<CpeAuth.CpeAuthenticator>();
        services.AddHostedService<CpeAuth.CpeAuthStartup>();
        options.Sessions.Validate();
        services.AddSingleton<SessionEngine>();
        services.AddSingleton<CwmpEndpoint>();

        options.ConnectionRequests.Validate();
        services.AddSingleton<ConnectionRequestGuard>();
        services.AddSingleton<ConnectionRequestClient>();
        services.AddSingleton<ConnectionRequestService>();

        services.AddSingleton(sp => sp.GetRequiredService<PhoneMapping>().Catalogue);
        services.AddSingleton<ConfigStore>();
        services.AddSingleton<ConfigNames>();
        services.AddSingleton<ConfigPusher>();
        services.AddSingleton<ConfigService>();
        services.AddSingleton<PhoneConfigStateStore>();
        services.AddSingleton<PhoneValuePaths>();
        services.AddSingleton<ConfigReconciler>();
        services.AddSingleton<DeviceDirectory>();
        services.AddSingleton<ProfileFetchStore>();
        services.AddSingleton<ProfileRenderer>();
        services.AddSingleton<ProfileSecrets>();
        services.AddSingleton<ClientCertificateAuthorizer>();
        services.AddSingleton<ProfileServer>();
        if (options.TftpPort >= 0)
        {
            services.AddSingleton(sp => new TftpServerHostedService(
                new TftpServerOptions
                {
                    EndPoint = new IPEndPoint(AcsListeners.ParseAddress(options.ListenAddress) ?? IPAddress.Any, options.TftpPort),
                    // Phones send a URL's path verbatim ("/cfg/spa$MA.cfg"); serve it like tftp-hpa --secure does.
                    AllowLeadingSlash = true,
                },
                new ProfileTftpSource(sp),
                sp.GetService<ILogger<TftpServer>>()));
            services.AddHostedService(sp => sp.GetRequiredService<TftpServerHostedService>());
        }
        services.AddSingleton<StoredFileStore>();
        services.AddSingleton<StoredFiles>();
        services.AddSingleton<FirmwareStore>();
        services.AddFirmwareDelivery();
        services.AddSingleton<FirmwareFiles>();
        services.AddSingleton<FileServer>();
        services.AddProvisioning();

        services.AddAcsSyslog(options);

        services.AddSingleton<AcsListeners>();
        services.AddHostedService<AcsLifecycle>();
        services.AddHostedService<SessionReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterChangePoller>());
        services.AddSingleton<ClusterChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterChangeListener>());
        services.AddHostedService<ClusterHeartbeat>();
        services.AddHostedService<OrphanedTaskRecovery>();
        services.AddHostedService<StoredFilesBackfill>();
        services.AddHostedService<TaskMaintenanceService>();
        services.AddCampaigns(options, node);
        services.AddOperators();
        return services;
    }
}
