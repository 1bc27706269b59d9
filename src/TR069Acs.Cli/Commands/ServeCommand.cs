using System.CommandLine;
using Microsoft.Extensions.Hosting;
using TR069Acs.Server;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs serve</c>: the ACS with its CWMP endpoint and operator API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory for the SQLite database and stored files.", DefaultValueFactory = _ => "./data" };
        var db = new Option<string?>("--db") { Description = "Database instead of SQLite under --data, e.g. sqlite:Data Source=/var/lib/acs/acs.db." };
        var command = new Command("serve", "Serve the ACS (CWMP on :7547, operator API and UI on :7557).")
        {
            data, db,
        };
        // Everything else goes to the .NET configuration chain: --Acs:CwmpPort 8547, --Logging:LogLevel:Default Debug …
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var app = AcsHost.Build([.. result.UnmatchedTokens], options =>
            {
                options.DataDirectory = result.GetValue(data)!;
                if (result.GetValue(db) is { Length: > 0 } database)
                {
                    options.Database = database;
                }
            });
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
