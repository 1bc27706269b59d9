using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Operators;

/// <summary>At start (after the migrations, before the API listens): the first start's <c>admin</c> user, its password in
/// <c>DATA/initial-admin-password</c> (mode 0600). While running: the audit writer, and an hourly cleanup of audit entries
/// past <c>Acs:Audit:RetentionDays</c> and of login sessions that expired.</summary>
internal sealed partial class OperatorsLifecycle(
    OperatorService operators,
    AuditLog audit,
    AuditStore auditStore,
    AcsOptions options,
    TimeProvider time,
    ILogger<OperatorsLifecycle> logger) : IHostedLifecycleService
{
    /// <summary>The file, under the data directory, that holds the first admin password.</summary>
    public const string InitialPasswordFile = "initial-admin-password";

    private static readonly TimeSpan _cleanupInterval = TimeSpan.FromHours(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _writer;
    private Task? _cleanup;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await operators.CreateInitialAdminAsync(cancellationToken) is { } password)
        {
            var path = WritePasswordFile(options.DataDirectory, password);
            Log.InitialAdmin(logger, OperatorService.InitialAdmin, path);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = audit.RunWriterAsync(_stopping.Token);
        _cleanup = CleanupLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the web server stopped, so entries of the last requests are written too.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_writer is not null)
        {
            await _writer;
        }
        if (_cleanup is not null)
        {
            await _cleanup;
        }
        _stopping.Dispose();
    }

    /// <summary>Writes <paramref name="password"/> to <c>DIRECTORY/initial-admin-password</c>, readable by this account only.</summary>
    public static string WritePasswordFile(string dataDirectory, string password)
    {
        var directory = Directory.CreateDirectory(Path.GetFullPath(dataDirectory));
        var path = Path.Combine(directory.FullName, InitialPasswordFile);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        // No byte-order mark: `$(cat data/initial-admin-password)` must be the password and nothing else.
        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), fileOptions))
        {
            writer.Write(password + "\n");
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    private async Task CleanupLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_cleanupInterval, time);
        try
        {
            do
            {
                try
                {
                    var before = time.GetUtcNow().AddDays(-options.Audit.RetentionDays).ToUnixTimeMilliseconds();
                    var deleted = await auditStore.DeleteOlderThanAsync(before, stoppingToken);
                    if (deleted > 0)
                    {
                        Log.Pruned(logger, deleted, options.Audit.RetentionDays);
                    }
                    await operators.DeleteExpiredSessionsAsync(stoppingToken);
                }
                catch (System.Data.Common.DbException ex)
                {
                    Log.CleanupFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "First start: user '{User}' (role admin) was created; its password is in {Path}, readable by this account only. "
            + "Log in with POST /api/auth/login, change the password (PATCH /api/users/admin) and delete the file.")]
        public static partial void InitialAdmin(ILogger logger, string user, string path);

        [LoggerMessage(2, LogLevel.Information, "{Count} audit entries older than {Days} days were deleted (Acs:Audit:RetentionDays)")]
        public static partial void Pruned(ILogger logger, int count, int days);

        [LoggerMessage(3, LogLevel.Error, "The audit retention cleanup failed; it runs again in an hour")]
        public static partial void CleanupFailed(ILogger logger, Exception exception);
    }
}
