namespace TR069Acs.Agent.Resync;

/// <summary>The outcome of fetching a profile or image: the bytes, or why not.</summary>
/// <param name="Content">The file, when fetched.</param>
/// <param name="Error">Why it was not, phrased for a syslog line (<c>$ERR</c>).</param>
/// <param name="NotFound">The server said the file does not exist (HTTP 404, TFTP error 1).</param>
internal sealed record ProfileFetchResult(byte[]? Content, string? Error, bool NotFound = false)
{
    public bool Succeeded => Content is not null;

    public static ProfileFetchResult Fail(string error, bool notFound = false) => new(null, error, notFound);
}
