using System.Text.Json.Nodes;

namespace TR069Acs.Bench;

/// <summary>
/// One <c>acs serve</c> process for a process-level bench run: a private data directory, free loopback ports, TFTP
/// off, the per-address connection cap lifted (every phone of the fleet shares 127.0.0.1), the API logged in as the
/// first-start admin. Disposing stops the process and removes the data directory.
/// </summary>
internal sealed class BenchAcs : IDisposable
{
    private readonly DirectoryInfo _data;

    private BenchAcs(BenchProcess process, DirectoryInfo data, int cwmpPort, int apiPort, int filesPort)
    {
        DataDirectory = data.FullName;
        Process = process;
        _data = data;
        CwmpUri = new Uri($"http://127.0.0.1:{cwmpPort}/");
        FilesUri = new Uri($"http://127.0.0.1:{filesPort}/");
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The <c>acs serve</c> process (CPU, memory, recent output).</summary>
    public BenchProcess Process { get; }

    /// <summary>The node's data directory (SQLite database, keys, stored files, initial-admin-password).</summary>
    public string DataDirectory { get; }

    /// <summary>The CWMP endpoint phones are pointed at.</summary>
    public Uri CwmpUri { get; }

    /// <summary>The file server (<c>/cfg/…</c>, <c>/fw/…</c>).</summary>
    public Uri FilesUri { get; }

    /// <summary>The operator API, logged in as admin once <see cref="StartAsync"/> returned.</summary>
    public HttpClient Api { get; }

    /// <summary>The API root, ending in <c>/api/</c>.</summary>
    public Uri ApiUri => new(Api.BaseAddress!, "api/");

    /// <summary>The admin's bearer token (for clients of its own).</summary>
    public string Token { get; private set; } = "";

    /// <summary>Starts <c>acs serve</c> from <paramref name="acsDll"/> with <paramref name="extraArguments"/> appended,
    /// waits until its API answers and logs in.</summary>
    public static Task<BenchAcs> StartAsync(string acsDll, string prefix, CancellationToken cancellationToken, params string[] extraArguments)
        => StartAsync(acsDll, prefix, null, cancellationToken, extraArguments);

    /// <summary>As <see cref="StartAsync(string, string, CancellationToken, string[])"/>, on the server database of
    /// <paramref name="node"/> when given (SQLite under the data directory otherwise).</summary>
    public static async Task<BenchAcs> StartAsync(string acsDll, string prefix, BenchNode? node, CancellationToken cancellationToken, params string[] extraArguments)
    {
        var data = Directory.CreateTempSubdirectory(prefix);
        var environment = new Dictionary<string, string>();
        if (node is not null)
        {
            // In the environment, not on the command line: the connection string holds the database password, and a
            // process's arguments are readable by every user of the machine.
            environment["ACS__Database"] = node.Database;
            extraArguments = ["--Acs:KeysDirectory", node.KeysDirectory, "--Acs:NodeId", node.NodeId, .. extraArguments];
            if (node.First is { } first)
            {
                // The first node created the admin; later nodes find users, create none and write no password file.
                File.Copy(Path.Combine(first.DataDirectory, "initial-admin-password"), Path.Combine(data.FullName, "initial-admin-password"));
            }
        }
        var apiPort = BenchProcess.FreePort();
        var cwmpPort = BenchProcess.FreePort();
        var filesPort = BenchProcess.FreePort();
        string[] arguments =
        [
            "serve", "--data", data.FullName,
            "--Acs:ListenAddress", "127.0.0.1", "--Acs:Limits:ConnectionsPerAddress", "100000", "--Acs:CwmpPort", $"{cwmpPort}", "--Acs:ApiPort", $"{apiPort}",
            "--Acs:FilesPort", $"{filesPort}", "--Acs:TftpPort", "-1", "--Acs:SyslogPort", "0", "--Acs:FilesTlsPort", "0",
            "--Logging:LogLevel:Default", "Warning", .. extraArguments,
        ];
        var acs = new BenchAcs(BenchProcess.Start(node?.NodeId ?? "acs", acsDll, environment, arguments), data, cwmpPort, apiPort, filesPort);
        try
        {
            await acs.Process.WaitForAsync(async () => (await acs.Api.GetAsync("api/health", cancellationToken)).IsSuccessStatusCode, "the ACS API", cancellationToken);
            acs.Token = await BenchLogin.LoginAsync(acs.Api, data.FullName, cancellationToken);
            return acs;
        }
        catch
        {
            acs.Dispose();
            throw;
        }
    }

    /// <summary>Starts a fleet of <paramref name="phones"/> agent phones (<c>acs phone --count</c>) pointed at this ACS.</summary>
    public BenchProcess StartFleet(string acsDll, int phones, string firstMac, string model)
        => BenchProcess.Start("fleet", acsDll, "phone", "--acs", CwmpUri.ToString(), "--count", $"{phones}", "--mac", firstMac, "--model", model);

    /// <summary>True when the N-th device exists (the device list is ordered and paged; one row is enough to know).</summary>
    public async Task<bool> RegisteredAsync(int phones, CancellationToken cancellationToken)
    {
        var page = JsonNode.Parse(await Api.GetStringAsync($"api/devices?limit=1&offset={phones - 1}", cancellationToken))!;
        return (page as JsonArray ?? page["items"]!.AsArray()).Count == 1;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Api.Dispose();
        Process.Dispose();
        _data.Delete(recursive: true);
    }
}

/// <summary>A bench ACS node on a server database: the <c>--db</c> value (given in the environment), the key ring every
/// node of the database shares, the node's id, and the node that started first (whose admin password the others use).</summary>
internal sealed record BenchNode(string Database, string KeysDirectory, string NodeId, BenchAcs? First);
