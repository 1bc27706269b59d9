using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Campaigns;

/// <summary>Registers the campaign engine and its Quartz scheduler.</summary>
internal static class CampaignServices
{
    /// <summary>Quartz's scheduler name: the key of this ACS's rows in the QRTZ_ tables, so it never changes.</summary>
    public const string SchedulerName = "TR069Acs";

    /// <summary>Adds the campaign services. Call after the ACS's lifecycle service is registered: Quartz's hosted
    /// service must start after the migrations (which create its tables) and stops, jobs finished, before the host.</summary>
    /// <exception cref="InvalidOperationException">An invalid campaign setting.</exception>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, AcsOptions options, AcsNode node)
    {
        CampaignOptions.Validate(options);
        var database = AcsDatabase.FromOptions(options);
        if (database.Dialect.Provider is not ("sqlite" or "postgres" or "sqlserver"))
        {
            throw new InvalidOperationException($"Campaigns need Quartz's job store on provider '{database.Dialect.Provider}', which this build lacks.");
        }
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<CampaignDefinitions>();
        services.AddSingleton<CampaignEvents>();
        services.AddSingleton<InFlightDevices>();
        services.AddSingleton<MembershipLoader>();
        services.AddSingleton<CampaignFileUrls>();
        services.AddSingleton<CampaignWakeups>();
        services.AddSingleton<CampaignDownloads>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<CampaignScheduler>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<ICampaignObserver, CampaignObserver>();

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                if (database.Dialect.Provider != "sqlite")
                {
                    // Clustered: the scheduler's instance id is this run of the node (acs1/<pid>/<random>, as its device
                    // leases are), so QRTZ_SCHEDULER_STATE and QRTZ_FIRED_TRIGGERS say which node holds a campaign's
                    // tick, and a restart is a new instance whose predecessor's firings are recovered, not adopted.
                    s.InstanceId = node.Instance;
                }
            });
            quartz.UseDefaultThreadPool(options.Campaigns.SchedulerThreads);
            quartz.UsePersistentStore(store =>
            {
                // The ACS's own database; the tables come from migration 006 and are only validated here.
                if (database.Dialect.Provider == "sqlite")
                {
                    store.UseSqlite(database.ConnectionString);
                }
                else
                {
                    // Several nodes share the job store: clustered, a campaign's tick runs on one node at a time (Quartz's
                    // row lock in QRTZ_LOCKS) and the triggers of a node that stops checking in are recovered by another.
                    if (database.Dialect.Provider == "sqlserver")
                    {
                        // Microsoft.Data.SqlClient; Quartz locks QRTZ_LOCKS rows with UPDLOCK, ROWLOCK.
                        store.UseSqlServer(database.ConnectionString);
                    }
                    else
                    {
                        store.UsePostgres(database.ConnectionString);
                    }
                    // A node that stops checking in for CheckinInterval + CheckinMisfireThreshold has its fired triggers
                    // recovered by another.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                    });
                }
                store.ConfigureStore(s =>
                {
                    s.TablePrefix = "QRTZ_";
                    s.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });
        services.AddQuartzHostedService(q =>
        {
            // Ticks build file server URLs from the bound ports, known once the application has started.
            q.AwaitApplicationStarted = true;
            q.WaitForJobsToComplete = true;
        });
        services.AddHostedService<CampaignRecovery>();
        return services;
    }
}
