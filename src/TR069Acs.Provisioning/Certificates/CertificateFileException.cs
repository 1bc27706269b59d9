namespace TR069Acs.Provisioning.Certificates;

/// <summary>A certificate or key file cannot be used: missing, not PEM, malformed, encrypted, or a key that does not
/// belong to its certificate. The message names the file and what is wrong with it.</summary>
public sealed class CertificateFileException(string path, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The file at fault.</summary>
    public string Path { get; } = path;
}
