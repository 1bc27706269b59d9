using System.Security.Cryptography;

namespace TR069Acs.Server.Sessions;

/// <summary>This ACS process as the owner of device leases: host, process id and a random part, unique per start.</summary>
internal sealed class AcsNode
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
