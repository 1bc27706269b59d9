namespace TR069Acs.Server.Api;

/// <summary>Stored Unix milliseconds as the API's ISO 8601 UTC times.</summary>
internal static class ApiTime
{
    public static DateTimeOffset From(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public static DateTimeOffset? From(long? unixMilliseconds) => unixMilliseconds is { } ms ? From(ms) : null;

    /// <summary>A time the storage keeps as 0 until it happens (a pre-registered device has never informed): null then.</summary>
    public static DateTimeOffset? IfHappened(long unixMilliseconds) => unixMilliseconds > 0 ? From(unixMilliseconds) : null;
}
