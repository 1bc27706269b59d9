using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Api;

/// <summary>Checks CWMP credentials an operator gives at pre-registration, before anything is stored.</summary>
internal static class CwmpCredentialsInput
{
    /// <summary>Shortest password accepted: with 12 characters even a guessable alphabet is out of online reach.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>Longest value: TR-069 ManagementServer.Username/Password are string(256).</summary>
    public const int MaxLength = 256;

    /// <exception cref="ConfigValidationException">A value is unusable (the message says why).</exception>
    public static (string? Username, string? Password) Read(string? username, string? password)
    {
        if (username is not null)
        {
            if (username.Length is 0 or > MaxLength || username.Any(char.IsControl) || username.Contains(':', StringComparison.Ordinal))
            {
                throw new ConfigValidationException("cwmpUsername",
                    $"'cwmpUsername' must be 1-{MaxLength} characters without ':' or control characters (HTTP Basic cannot carry them).");
            }
        }
        if (password is not null)
        {
            if (password.Length < MinPasswordLength || password.Length > MaxLength || password.Any(char.IsControl))
            {
                throw new ConfigValidationException("cwmpPassword",
                    $"'cwmpPassword' must be {MinPasswordLength}-{MaxLength} characters without control characters; leave it out to have a random one generated.");
            }
        }
        return (username, password);
    }
}
