using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace TR069Acs.Tests.Shared;

/// <summary>
/// A private PostgreSQL server for the tests (Debian package postgresql, in tests/.apt-packages): its own cluster made
/// by initdb in a temporary directory, listening on a free loopback port only (no Unix socket), password
/// authentication with a random password, durability switched off for speed. Run as an unprivileged account when the
/// tests run as root (PostgreSQL refuses root). One server per test process (<see cref="SharedAsync"/>); every test
/// class takes a database of its own (<see cref="CreateDatabaseAsync"/>). No system service is used or touched.
/// Free of xunit (failures throw) so that the benchmarks link this file too (<c>bench load --db postgres</c>); the test
/// attributes are in PostgresFacts.cs.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private const string DirectoryPrefix = "acs-pg-";
    private const string SuperUser = "acs_test";
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PrivatePostgres? _shared;
    private static int _databases;

    private readonly Process _process;
    private readonly string _directory;
    private readonly string _password;

    private PrivatePostgres(Process process, string directory, int port, string password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _password = password;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int ProcessId => _process.Id;

    /// <summary>True when the tests run under CI=true: a missing PostgreSQL then fails instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    /// <summary>Why PostgreSQL cannot run here, or null when its binaries are installed.</summary>
    public static string? Problem => FindBinaries() is null
        ? "PostgreSQL is not installed (no initdb/postgres under /usr/lib/postgresql/*/bin): apt-get install -y postgresql (tests/.apt-packages)"
        : null;

    /// <summary>The connection string of the superuser to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
        // Tests run under CPU hogs: connecting may be slow, and pools of many test databases must not pile up.
        Timeout = 60,
        CommandTimeout = 120,
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>The server of this test process, started on first use and stopped when the process exits.</summary>
    public static async Task<PrivatePostgres> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.Stop();
            }
            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>A new empty database on the shared server; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "acs")
        => await (await SharedAsync()).NewDatabaseAsync(prefix);

    /// <summary>A new empty database on this server; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync(string prefix = "acs")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>Starts a new private server: initdb, then postgres in the foreground, ready when it accepts a login. The
    /// tests run without durability (fsync off); <paramref name="durable"/> (the benchmarks) keeps fsync and full-page
    /// writes on and only leaves commits unwaited for (synchronous_commit off), as SQLite's WAL with synchronous=NORMAL
    /// does: an OS crash may lose the last commits, never corrupt the database. <paramref name="settings"/> are further
    /// <c>name=value</c> server settings.</summary>
    public static async Task<PrivatePostgres> StartAsync(bool durable = false, params string[] settings)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(Problem);
        RemoveOrphans();
        var directory = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = Path.Combine(directory, "data");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var account = RunAs();
        if (account is not null)
        {
            // The whole directory belongs to the unprivileged account; it stays private (0700) to everyone else.
            foreach (var path in new[] { directory, passwordFile, Path.Combine(directory, "owner.pid") })
            {
                Chown(path, account);
            }
        }

        var init = await RunAsync(Command(account, Path.Combine(binaries, "initdb"),
            "-D", data, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8",
            "--locale", "C", "--no-sync"), seconds: 180);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}): {init.Error}{init.Output}");
        }
        File.Delete(passwordFile);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var psi = Command(account, Path.Combine(binaries, "postgres"),
                "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", durable ? "fsync=on" : "fsync=off", "-c", "synchronous_commit=off", "-c", durable ? "full_page_writes=on" : "full_page_writes=off",
                "-c", "max_connections=300", "-c", "shared_buffers=32MB", "-c", "log_min_messages=warning");
            foreach (var setting in settings)
            {
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add(setting);
            }
            psi.RedirectStandardError = true;
            psi.RedirectStandardOutput = true;
            var process = Process.Start(psi) ?? throw new InvalidOperationException("postgres did not start");
            var log = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var server = new PrivatePostgres(process, directory, port, password);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    break;
                }
                if (await server.AcceptsLoginAsync())
                {
                    return server;
                }
                if (deadline.Elapsed > TimeSpan.FromSeconds(120))
                {
                    server.Stop();
                    throw new TimeoutException($"the private PostgreSQL did not accept a login on 127.0.0.1:{port} within 120 s: {log}");
                }
                await Task.Delay(100);
            }
            // It exited: most likely another process took the free port between our probe and its bind; try again.
            if (attempt == 3)
            {
                server.Stop();
                throw new InvalidOperationException($"the private PostgreSQL exited ({process.ExitCode}) on 127.0.0.1:{port}: {log}");
            }
        }
    }

    /// <summary>Stops the server (fast shutdown, then kill) and removes its directory.</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGINT is PostgreSQL's fast shutdown: connections are closed, no waiting for clients.
                _ = Kill(_process.Id, "INT");
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5_000);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> AcceptsLoginAsync()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Timeout = 5, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ToString());
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The newest PostgreSQL's bin directory holding initdb and postgres, or null.</summary>
    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "postgres")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    /// <summary>The unprivileged account to run PostgreSQL as when we are root (Debian's postgres, else nobody).</summary>
    private static string? RunAs()
    {
        if (Environment.UserName != "root")
        {
            return null;
        }
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        return passwd.Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
    }

    private static ProcessStartInfo Command(string? account, string file, params string[] arguments)
    {
        var psi = account is null ? new ProcessStartInfo(file) : new ProcessStartInfo("setpriv");
        if (account is not null)
        {
            foreach (var argument in new[] { $"--reuid={account}", $"--regid={Group(account)}", "--clear-groups", "--reset-env", "--", file })
            {
                psi.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        psi.UseShellExecute = false;
        return psi;
    }

    private static string Group(string account)
    {
        var line = File.ReadAllLines("/etc/passwd").First(l => l.StartsWith(account + ":", StringComparison.Ordinal));
        return line.Split(':')[3];
    }

    private static void Chown(string path, string account)
    {
        var result = RunAsync(new ProcessStartInfo("chown") { ArgumentList = { $"{account}:{Group(account)}", path } }, 30).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {account} {path} failed: {result.Error}");
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo psi, int seconds)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{psi.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"timed out after {seconds}s waiting for {psi.FileName} {string.Join(' ', psi.ArgumentList)} to exit; it was killed");
        }
        return (process.ExitCode, await output, await error);
    }

    private static bool Kill(int pid, string signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit(5_000);
            return kill?.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Servers left behind by a test process that was killed: stopped and removed.</summary>
    private static void RemoveOrphans()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(directory, "owner.pid");
                if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsAlive(owner))
                {
                    continue;
                }
                var postmaster = Path.Combine(directory, "data", "postmaster.pid");
                if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).FirstOrDefault(), out var pid) && IsAlive(pid))
                {
                    Kill(pid, "KILL");
                }
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
