using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>This ACS process as a member of the nodes sharing one database: its node id, the instance that owns its
/// device leases, and whether the database is shared at all.</summary>
/// <remarks>The id is <c>Acs:NodeId</c>, or else generated at the first start (host name and 8 random hex digits) and
/// kept in <c>DATA/node-id</c>, so that a node keeps its name across restarts and upgrades; host and port would not do:
/// containers often share a host name, and port 0 is another port at every start. The instance is the id, the process
/// id and a random part, new at every start: a lease a crashed run left behind is not mistaken for this run's.</remarks>
internal sealed partial class AcsNode
{
    /// <summary>The file under the data directory that keeps a generated id.</summary>
    public const string IdFileName = "node-id";

    /// <summary>Reads the options; generates and stores the id when none is configured or stored.</summary>
    /// <exception cref="InvalidOperationException">The configured or stored id is malformed.</exception>
    public AcsNode(AcsOptions options, AcsDatabase database)
    {
        Id = ResolveId(options);
        Instance = $"{Id}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        Provider = database.Dialect.Provider;
        Shared = options.Cluster.Mode switch
        {
            ClusterMode.Shared => true,
            ClusterMode.Single => false,
            _ => Provider != "sqlite",
        };
    }

    /// <summary>The node's name in <c>cluster_nodes</c> and <c>/api/health</c>.</summary>
    public string Id { get; }

    /// <summary>This run of the node: the owner of its device leases and the author of its changes.</summary>
    public string Instance { get; }

    /// <summary>The database provider (<c>sqlite</c>, <c>postgres</c>, <c>sqlserver</c>).</summary>
    public string Provider { get; }

    /// <summary>True when other nodes may use the database (<see cref="ClusterOptions.Mode"/>).</summary>
    public bool Shared { get; }

    /// <summary>The ACS version this node runs.</summary>
    public static string Version { get; } = typeof(AcsNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AcsNode).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>True for 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    private static string ResolveId(AcsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.NodeId))
        {
            var configured = options.NodeId.Trim();
            return IsValidId(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"Acs:NodeId '{configured}' is not a node id: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. acs-1).");
        }
        var directory = Path.GetFullPath(options.DataDirectory);
        var file = Path.Combine(directory, IdFileName);
        if (File.Exists(file))
        {
            var stored = File.ReadAllText(file).Trim();
            return IsValidId(stored)
                ? stored
                : throw new InvalidOperationException(
                    $"{file} holds '{stored}', which is not a node id (1-64 letters, digits, '.', '_' or '-'): correct it, delete it to get a new one, or set Acs:NodeId.");
        }
        AcsDatabase.CreatePrivateDirectory(directory);
        var host = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_').Take(40)]);
        var id = $"{(host.Length > 0 && char.IsAsciiLetterOrDigit(host[0]) ? host : "acs")}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        try
        {
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream))
            {
                writer.WriteLine(id);
            }
            return id;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another start wrote it first: use that one.
            return ResolveId(options);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
