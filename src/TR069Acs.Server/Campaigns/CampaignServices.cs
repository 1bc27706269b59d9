using Microsoft.Extensions.DependencyInjection;
using Quartz;
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
    public static IServiceCollection AddCampaigns(this IServiceCollection services, AcsOptions options)
    {
        CampaignOptions.Validate(options);
        var database = AcsDatabase.FromOptions(options);
        if (database.Dialect.Provider != "sqlite")
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
            quartz.ConfigureScheduler(s => s.InstanceName = SchedulerName);
            quartz.UseDefaultThreadPool(options.Campaigns.SchedulerThreads);
            quartz.UsePersistentStore(store =>
            {
                // The ACS's own database file; the tables come from migration 006 and are only validated here.
                store.UseSqlite(database.ConnectionString);
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
