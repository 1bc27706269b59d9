using Microsoft.Extensions.DependencyInjection;

namespace TR069Acs.Server.Files;

/// <summary>Registers the trusted firmware keys (<c>Acs:Firmware:TrustedKeys</c>), per-download firmware credentials
/// (<c>Acs:FirmwareAuth</c>) and firmware over TFTP.</summary>
internal static class FirmwareServices
{
    public static IServiceCollection AddFirmwareDelivery(this IServiceCollection services)
    {
        services.AddSingleton<FirmwareKeys>();
        services.AddSingleton<FirmwareCredentialStore>();
        services.AddSingleton<FirmwareDownloadCredentials>();
        services.AddSingleton<FirmwareAccess>();
        services.AddSingleton<FirmwareTftpSource>();
        return services;
    }
}
