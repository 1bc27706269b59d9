using System.CommandLine;
using Microsoft.Extensions.Hosting;
using TR069Acs.Server;
using TR069Acs.Server.Storage;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs serve</c>: the ACS with its CWMP endpoint and operator API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory for the SQLite database and stored files (Acs:DataDirectory; default ./data, relative to the working directory).", DefaultValueFactory = _ => "./data" };
        var db = new Option<string?>("--db") { Description = "Database instead of SQLite under --data, e.g. sqlite:Data Source=/var/lib/acs/acs.db." };
        var tftpPort = new Option<int?>("--tftp-port") { Description = "TFTP port for profiles (default 6969; 69 on a real network; -1 turns TFTP off)." };
        var syslogPort = new Option<int?>("--syslog-port") { Description = "UDP syslog port for the phones' Syslog_Server (default 5514; 514 on a real network; -1 turns it off)." };
        var tlsCert = new Option<FileInfo?>("--tls-cert") { Description = "PEM certificate (and intermediates) of the HTTPS listeners: the file server on :7568, and CWMP and the operator API when Acs:CwmpTlsPort / Acs:ApiTlsPort are set (Acs:TlsCertificate)." };
        var tlsKey = new Option<FileInfo?>("--tls-key") { Description = "PEM private key of --tls-cert (Acs:TlsKey)." };
        var clientCa = new Option<FileInfo?>("--client-ca") { Description = "PEM bundle of the CAs of the phones' client certificates; turns on client certificate verification (Acs:ClientCa)." };
        var command = new Command("serve", """
            Serve the ACS (CWMP on :7547, operator API on :7557, files on :7567, TFTP on :6969).
            Every Acs:* setting (appsettings.json in the working directory, ACS__Name environment variables, or --Acs:Name VALUE
            here) with its default and meaning: acs settings. Relative paths are the working directory's.
            Exit codes: 0 stopped cleanly; 1 failed while running; 2 a setting, flag or file is wrong (nothing was bound);
            3 the key ring does not match the database; 4 a port, or the data directory, is in use.
            """)
        {
            data, db, tftpPort, syslogPort,
            tlsCert, tlsKey, clientCa,
        };
        // Everything else goes to the .NET configuration chain: --Acs:CwmpPort 8547, --Logging:LogLevel:Default Debug …
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var argumentProblems = ServeArguments.Check(result.UnmatchedTokens, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
            if (argumentProblems.Count > 0)
            {
                foreach (var problem in argumentProblems)
                {
                    await Console.Error.WriteLineAsync("acs serve: " + problem);
                }
                return ExitCodes.Usage;
            }
            PrivateFiles.Apply();
            AcsOptions? resolved = null;
            var app = Report(() => AcsHost.Build([.. result.UnmatchedTokens], options =>
            {
                // --data wins over Acs:DataDirectory (appsettings.json, ACS__DataDirectory) only when given.
                if (result.GetResult(data) is { Implicit: false })
                {
                    options.DataDirectory = result.GetValue(data)!;
                }
                if (result.GetValue(tftpPort) is { } port)
                {
                    options.TftpPort = port;
                }
                if (result.GetValue(syslogPort) is { } syslog)
                {
                    options.SyslogPort = syslog;
                }
                if (result.GetValue(db) is { Length: > 0 } database)
                {
                    options.Database = database;
                }
                options.TlsCertificate = result.GetValue(tlsCert)?.FullName ?? options.TlsCertificate;
                options.TlsKey = result.GetValue(tlsKey)?.FullName ?? options.TlsKey;
                options.ClientCa = result.GetValue(clientCa)?.FullName ?? options.ClientCa;
                resolved = options;
            }));
            if (app is null || resolved is null)
            {
                return ExitCodes.Usage;
            }
            // One server per data directory: a second one (or a restore) under a running server is refused.
            using var dataLock = string.IsNullOrWhiteSpace(resolved.Database) ? DataDirectoryLock.TryAcquire(resolved.DataDirectory) : null;
            if (dataLock is null && string.IsNullOrWhiteSpace(resolved.Database))
            {
                await Console.Error.WriteLineAsync($"acs serve: another acs serve is running on {Path.GetFullPath(resolved.DataDirectory)} "
                    + $"(it holds {DataDirectoryLock.FileName}): stop it, or give this one its own --data.");
                await app.DisposeAsync();
                return ExitCodes.PortInUse;
            }
            if (ServePorts.FindProblem(resolved) is { } busy)
            {
                await Console.Error.WriteLineAsync("acs serve: " + busy);
                await app.DisposeAsync();
                return ExitCodes.PortInUse;
            }
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (TR069Acs.Server.Security.SecretKeyRingException e)
            {
                // The key ring does not match the database: restarting will not help, and a stack trace would bury the fix.
                Console.Error.WriteLine(e.Message);
                await app.DisposeAsync();
                return ExitCodes.KeyRing;
            }
            catch (TR069Acs.Server.Storage.Copy.UnfinishedCopyException e)
            {
                await Console.Error.WriteLineAsync("acs serve: " + e.Message);
                await app.DisposeAsync();
                return ExitCodes.Failed;
            }
            catch (Exception e) when (ServePorts.FromBindFailure(e, resolved) is { } taken)
            {
                // Taken between the check and the bind.
                await Console.Error.WriteLineAsync("acs serve: " + taken);
                await app.DisposeAsync();
                return ExitCodes.PortInUse;
            }
            await app.WaitForShutdownAsync(cancellationToken);
            // Disposing the host lets write-behind stores commit what they still hold (the last profile fetches).
            await app.DisposeAsync();
            return ExitCodes.Ok;
        });
        return command;
    }

    // A setting or a certificate file is unusable: the message names it; a stack trace would bury it.
    private static Microsoft.AspNetCore.Builder.WebApplication? Report(Func<Microsoft.AspNetCore.Builder.WebApplication> build)
    {
        try
        {
            return build();
        }
        catch (InvalidOperationException e)
        {
            foreach (var line in e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Console.Error.WriteLine("acs serve: " + line);
            }
            return null;
        }
    }
}
