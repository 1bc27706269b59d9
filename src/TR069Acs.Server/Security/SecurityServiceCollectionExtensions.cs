using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace TR069Acs.Server.Security;

/// <summary>Registers the protection of stored secrets.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSecretProtection(this IServiceCollection services, AcsOptions options)
    {
        var keys = string.IsNullOrWhiteSpace(options.KeysDirectory)
            ? Path.Combine(options.DataDirectory, "keys")
            : options.KeysDirectory;
        if (string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            // The data directory is created private (0700) whoever creates it first.
            Storage.AcsDatabase.CreatePrivateDirectory(Path.GetFullPath(options.DataDirectory));
        }
        var directory = Directory.CreateDirectory(keys);
        if (!OperatingSystem.IsWindows())
        {
            // The key ring decrypts every stored secret: readable by the service account only.
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        services.AddDataProtection()
            .SetApplicationName("TR069Acs")
            .PersistKeysToFileSystem(directory);
        services.AddSingleton(sp => new SecretProtector(sp.GetRequiredService<IDataProtectionProvider>()) { KeysDirectory = directory.FullName });
        services.AddSingleton<StoredSecrets>();
        services.AddSingleton<SecretsAtRestMigration>();
        services.AddExceptionHandler<SecretKeyRingExceptionHandler>();
        return services;
    }
}
