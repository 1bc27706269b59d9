namespace TR069Acs.Server.Api;

/// <summary>Stored Unix milliseconds as the API's ISO 8601 UTC times.</summary>
internal static class ApiTime
{
    public static DateTimeOffset From(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public static DateTimeOffset? From(long? unixMilliseconds) => unixMilliseconds is { } ms ? From(ms) : null;
}
