using System.CommandLine;
using TR069Acs.Server;
using TR069Acs.Server.Operators;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs users</c> and <c>acs tokens</c>: operators and API tokens managed offline, on the database of
/// <c>--data</c>/<c>--db</c>, for recovery (a lost admin password) and scripted set-up. Exit codes: 0 done, 1 refused
/// (the message says why), 2 bad usage.</summary>
internal static class OperatorsCommand
{
    public static Command Users()
    {
        var add = new Command("add", "Add a user; without --password a random one is printed.");
        var addName = new Argument<string>("name") { Description = "Login name." };
        var addRole = RoleOption(required: true);
        var addTags = TagsOption();
        var addPassword = new Option<string?>("--password") { Description = "Its password (at least 12 characters); default: a random one, printed once." };
        add.Add(addName);
        add.Add(addRole);
        add.Add(addTags);
        add.Add(addPassword);
        Database(add, async (admin, result, ct) =>
        {
            var (user, generated) = await admin.AddUserAsync(result.GetValue(addName)!, result.GetValue(addRole)!, Tags(result, addTags), result.GetValue(addPassword), ct);
            Console.WriteLine($"user '{user.Name}' added with the role {user.Role}{Scope(user.Scope)}");
            if (generated is not null)
            {
                Console.WriteLine($"password: {generated}");
            }
            return 0;
        });

        var reset = new Command("reset-password", "Give a user a new random password (printed once) and lift a lockout.");
        var resetName = new Argument<string>("name") { Description = "Login name, e.g. admin." };
        reset.Add(resetName);
        Database(reset, async (admin, result, ct) =>
        {
            var name = result.GetValue(resetName)!;
            if (await admin.ResetPasswordAsync(name, ct) is not { } password)
            {
                await Console.Error.WriteLineAsync($"no user named '{name}' (acs users list shows them)");
                return 1;
            }
            Console.WriteLine(password);
            return 0;
        });

        var setRole = new Command("set-role", "Change a user's role and scope (no --tag: every device).");
        var setName = new Argument<string>("name") { Description = "Login name." };
        var setRoleOption = RoleOption(required: true);
        var setTags = TagsOption();
        setRole.Add(setName);
        setRole.Add(setRoleOption);
        setRole.Add(setTags);
        Database(setRole, async (admin, result, ct) =>
        {
            var name = result.GetValue(setName)!;
            if (await admin.SetRoleAsync(name, result.GetValue(setRoleOption)!, Tags(result, setTags), ct) is not { } user)
            {
                await Console.Error.WriteLineAsync($"no user named '{name}' (acs users list shows them)");
                return 1;
            }
            Console.WriteLine($"user '{user.Name}' has the role {user.Role}{Scope(user.Scope)}");
            return 0;
        });

        var delete = new Command("delete", "Delete a user and end its sessions.");
        var deleteName = new Argument<string>("name") { Description = "Login name." };
        delete.Add(deleteName);
        Database(delete, async (admin, result, ct) =>
        {
            var name = result.GetValue(deleteName)!;
            if (!await admin.DeleteUserAsync(name, ct))
            {
                await Console.Error.WriteLineAsync($"no user named '{name}' (acs users list shows them)");
                return 1;
            }
            Console.WriteLine($"user '{name}' deleted");
            return 0;
        });

        var list = new Command("list", "List the users.");
        Database(list, async (admin, result, ct) =>
        {
            foreach (var user in await admin.ListUsersAsync(ct))
            {
                Console.WriteLine($"{user.Name,-24} {user.Role,-9}{Scope(user.Scope)}{(user.LockedUntil is { } until ? $"  locked until {until:O}" : "")}");
            }
            return 0;
        });
        return new Command("users", "Operators of the API, offline on the database (--data/--db): list, add, reset-password, set-role, delete.")
        {
            list, add, reset, setRole, delete,
        };
    }

    public static Command Tokens()
    {
        var create = new Command("create", "Create an API token; it is printed once and only its hash is stored.");
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. oss.", Required = true };
        var role = RoleOption(required: true);
        var tags = TagsOption();
        var days = new Option<int?>("--expires-in-days") { Description = "Days until it stops working; default: no expiry." };
        create.Add(name);
        create.Add(role);
        create.Add(tags);
        create.Add(days);
        Database(create, async (admin, result, ct) =>
        {
            var expires = result.GetValue(days) is { } d ? DateTimeOffset.UtcNow.AddDays(d) : (DateTimeOffset?)null;
            var created = await admin.CreateTokenAsync(result.GetValue(name)!, result.GetValue(role)!, Tags(result, tags), expires, ct);
            Console.Error.WriteLine($"token {created.Info.Id} ('{created.Info.Name}', {created.Info.Role}{Scope(created.Info.Scope)}) created; it is shown only now:");
            Console.WriteLine(created.Token);
            return 0;
        });

        var revoke = new Command("revoke", "Revoke an API token: refused from the next request on.");
        var id = new Argument<string>("id") { Description = "The token's id (acs tokens list)." };
        revoke.Add(id);
        Database(revoke, async (admin, result, ct) =>
        {
            if (!await admin.RevokeTokenAsync(result.GetValue(id)!, ct))
            {
                await Console.Error.WriteLineAsync($"no unrevoked token with id '{result.GetValue(id)}' (acs tokens list shows them)");
                return 1;
            }
            Console.WriteLine($"token {result.GetValue(id)} revoked");
            return 0;
        });

        var list = new Command("list", "List the API tokens (never the tokens themselves).");
        Database(list, async (admin, result, ct) =>
        {
            foreach (var token in await admin.ListTokensAsync(ct))
            {
                var state = token.RevokedAt is { } r ? $"revoked {r:O}" : token.ExpiresAt is { } e ? $"expires {e:O}" : "no expiry";
                Console.WriteLine($"{token.Id}  {token.Name,-20} {token.Role,-9}{Scope(token.Scope)}  {state}");
            }
            return 0;
        });
        return new Command("tokens", "API tokens, offline on the database (--data/--db): list, create, revoke.") { list, create, revoke };
    }

    private static Option<string> RoleOption(bool required)
    {
        var role = new Option<string>("--role") { Description = "admin, operator or viewer.", Required = required };
        role.AcceptOnlyFromAmong("admin", "operator", "viewer");
        return role;
    }

    private static Option<string[]> TagsOption() => new("--tag")
    {
        Description = "Limit to devices carrying this tag (repeatable); operator and viewer only. Default: every device.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static IReadOnlyList<string>? Tags(ParseResult result, Option<string[]> option)
        => result.GetValue(option) is { Length: > 0 } tags ? tags : null;

    private static string Scope(ScopeView? scope) => scope is null ? "" : $" (tags: {string.Join(", ", scope.Tags)})";

    /// <summary>Adds <c>--data</c>/<c>--db</c> and runs <paramref name="action"/> on the opened database.</summary>
    private static void Database(Command command, Func<OperatorAdministration, ParseResult, CancellationToken, Task<int>> action)
    {
        var data = new Option<string>("--data") { Description = "Data directory of the ACS (its SQLite database).", DefaultValueFactory = _ => "./data" };
        var db = new Option<string?>("--db") { Description = "Database instead of SQLite under --data (as acs serve --db)." };
        command.Add(data);
        command.Add(db);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = new AcsOptions { DataDirectory = result.GetValue(data)!, Database = result.GetValue(db) };
                if (string.IsNullOrWhiteSpace(options.Database) && !File.Exists(Path.Combine(options.DataDirectory, "acs.db")))
                {
                    // A mistyped --data would otherwise create an empty database and change nothing the server uses.
                    await Console.Error.WriteLineAsync($"no ACS database at {Path.GetFullPath(Path.Combine(options.DataDirectory, "acs.db"))}: give the --data (or --db) of acs serve");
                    return 1;
                }
                var admin = await OperatorAdministration.OpenAsync(options, cancellationToken);
                return await action(admin, result, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });
    }
}
