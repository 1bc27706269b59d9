using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.EndToEnd.Tests.Campaigns;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Operators;

/// <summary><c>acs users</c> and <c>acs tokens</c> offline on the data directory of a running ACS (recovery), and the API
/// commands with <c>--token</c> or <c>ACS_TOKEN</c>.</summary>
public sealed class OperatorsCliTests : IAsyncLifetime
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");
    private AcsInstance _acs = null!;
    private string _api = null!;

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync();
        _api = _acs.Api.BaseAddress!.ToString();
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Reset_password_offline_recovers_a_lost_admin_password()
    {
        var old = _acs.AdminPassword;

        var reset = await RunAsync(null, "users", "reset-password", "admin", "--data", _acs.DataDirectory);

        Assert.True(reset.ExitCode == 0, reset.ToString());
        var password = reset.Stdout.Trim();
        Assert.True(password.Length >= 20, reset.ToString());
        Assert.NotEqual(old, password);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("admin", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("admin", old)).StatusCode);
        var audit = await _acs.GetArrayAsync("api/audit?actor=cli");
        Assert.Contains(audit, e => (string?)e!["action"] == "cli.users.reset-password" && (string?)e["target"] == "user:admin");

        var unknown = await RunAsync(null, "users", "reset-password", "nobody", "--data", _acs.DataDirectory);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no user named 'nobody'", unknown.Stderr, StringComparison.Ordinal);
        var wrongData = await RunAsync(null, "users", "list", "--data", Path.Combine(_acs.DataDirectory, "typo"));
        Assert.Equal(1, wrongData.ExitCode);
        Assert.Contains("no ACS database", wrongData.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_added_offline_log_in_with_their_role_and_scope()
    {
        var add = await RunAsync(null, "users", "add", "bob", "--role", "viewer", "--tag", "lab", "--data", _acs.DataDirectory);
        Assert.True(add.ExitCode == 0, add.ToString());
        var password = add.Stdout.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..].Trim();

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("bob", password)).StatusCode);
        var bob = await _acs.GetJsonAsync("api/users/bob");
        Assert.Equal("viewer", (string?)bob["role"]);
        Assert.Equal(["lab"], bob["scope"]!["tags"]!.AsArray().Select(t => (string)t!));

        var list = await RunAsync(null, "users", "list", "--data", _acs.DataDirectory);
        Assert.Contains("bob", list.Stdout, StringComparison.Ordinal);
        var bad = await RunAsync(null, "users", "add", "carol", "--role", "admin", "--tag", "lab", "--data", _acs.DataDirectory);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("never limited", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_created_offline_drives_the_cli_through_ACS_TOKEN_or_token_until_revoked()
    {
        var create = await RunAsync(null, "tokens", "create", "--name", "oss", "--role", "operator", "--data", _acs.DataDirectory);
        Assert.True(create.ExitCode == 0, create.ToString());
        var token = create.Stdout.Trim();
        Assert.StartsWith("acs_", token, StringComparison.Ordinal);

        var without = await RunAsync(null, "devices", "list", "--api", _api);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("bearer token", without.Stderr, StringComparison.Ordinal);

        var viaVariable = await RunAsync(token, "devices", "list", "--api", _api);
        Assert.True(viaVariable.ExitCode == 0, viaVariable.ToString());
        Assert.StartsWith("[", viaVariable.Stdout.Trim(), StringComparison.Ordinal);
        var viaOption = await RunAsync(null, "campaigns", "list", "--api", _api, "--token", token);
        Assert.True(viaOption.ExitCode == 0, viaOption.ToString());

        var listed = await RunAsync(null, "tokens", "list", "--data", _acs.DataDirectory);
        Assert.DoesNotContain(token, listed.Stdout, StringComparison.Ordinal);
        var id = listed.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var revoke = await RunAsync(null, "tokens", "revoke", id, "--data", _acs.DataDirectory);
        Assert.True(revoke.ExitCode == 0, revoke.ToString());

        var revoked = await RunAsync(token, "devices", "list", "--api", _api);
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("revoked", revoked.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acs_serve_names_the_initial_password_file_in_its_log_but_never_the_password()
    {
        await using var acs = await AcsProcess.StartAsync();
        var path = Path.Combine(acs.DataDirectory, "initial-admin-password");
        var password = (await File.ReadAllTextAsync(path)).Trim();

        Assert.Contains(path, acs.RecentOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(password, acs.RecentOutput, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private async Task<HttpResponseMessage> LoginAsync(string user, string password)
    {
        using var http = new HttpClient { BaseAddress = _acs.Api.BaseAddress };
        return await http.PostAsJsonAsync("api/auth/login", new { username = user, password });
    }

    private static async Task<CliOutput> RunAsync(string? token, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(AcsDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment.Remove("ACS_TOKEN");
        if (token is not null)
        {
            psi.Environment["ACS_TOKEN"] = token;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliOutput(process.ExitCode, await stdout, await stderr);
    }

    private sealed record CliOutput(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }
}
