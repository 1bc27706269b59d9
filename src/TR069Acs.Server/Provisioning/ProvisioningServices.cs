using Microsoft.Extensions.DependencyInjection;

namespace TR069Acs.Server.Provisioning;

/// <summary>Registers secure provisioning, activation codes and auto-registration.</summary>
internal static class ProvisioningServices
{
    public static IServiceCollection AddProvisioning(this IServiceCollection services)
    {
        services.AddSingleton<ProvisioningUrls>();
        services.AddSingleton<SecureProvisioningStore>();
        services.AddSingleton<SecureProvisioningService>();
        services.AddSingleton<SecureProfileGate>();
        services.AddSingleton<AutoRegistration>();
        services.AddSingleton<ProvisioningGate>();
        services.AddSingleton<ActivationCodeStore>();
        services.AddSingleton<ActivationCodeService>();
        services.AddSingleton<ActivationRateLimiter>();
        services.AddSingleton<PhoneActivation>();
        services.AddSingleton<ActivationServer>();
        return services;
    }
}
