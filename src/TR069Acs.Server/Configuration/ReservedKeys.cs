namespace TR069Acs.Server.Configuration;

/// <summary>Settings a scope may hold beside flat parameters. Their names start with '_' (no flat name does), they
/// layer like parameters, and they never appear in a served profile or a SetParameterValues.</summary>
internal static class ReservedKeys
{
    /// <summary>The password of the AES-256-CBC <c>openssl enc</c> encryption of served profiles (the phone's <c>--key</c>).</summary>
    public const string EncryptionKey = "_encryptionKey";

    /// <summary>What a phone's drift from its desired state causes: <c>enforce</c> (default) or <c>report</c> (<see cref="DriftMode"/>).</summary>
    public const string Drift = "_drift";

    public static bool IsReserved(string name) => name.StartsWith('_');

    public static bool IsKnown(string name) => name is EncryptionKey or Drift;
}
