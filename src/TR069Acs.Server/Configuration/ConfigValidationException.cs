namespace TR069Acs.Server.Configuration;

/// <summary>A configuration request names an unknown parameter or an invalid value; <see cref="Field"/> says where
/// (<c>parameters.Resync_Periodic</c>) and the message what is wrong.</summary>
internal sealed class ConfigValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
