using System.Data.Common;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>Names a database for messages and progress without its secrets: <c>provider:connection string</c> with every
/// password-like key removed.</summary>
internal static class ConnectionText
{
    /// <summary><paramref name="setting"/> (<c>provider:connection string</c>) without passwords.</summary>
    public static string Describe(string setting)
    {
        var colon = setting.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return "(no provider)";
        }
        var provider = setting[..colon].Trim();
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = setting[(colon + 1)..];
        }
        catch (ArgumentException)
        {
            return provider + ":(unreadable connection string)";
        }
        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)
                || key.Contains("secret", StringComparison.OrdinalIgnoreCase) || key.Contains("key", StringComparison.OrdinalIgnoreCase))
            {
                builder.Remove(key);
            }
        }
        return provider + ":" + builder.ConnectionString;
    }
}
