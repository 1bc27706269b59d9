namespace TR069Acs.Server.Provisioning;

/// <summary>A phone's activation request as the file server received it.</summary>
/// <param name="Code">The code as sent (path segment or <c>code</c> query parameter).</param>
/// <param name="Mac">The <c>mac</c> query parameter, or null.</param>
/// <param name="UserAgent">The User-Agent header, or null.</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Remote">The client address.</param>
/// <param name="Scheme">http or https, for the default permanent rule.</param>
/// <param name="Host">The host the request was addressed to (Host header, without port), or null.</param>
/// <param name="Port">The port the request was addressed to (Host header, else the local port).</param>
internal sealed record ActivationRequest(string? Code, string? Mac, string? UserAgent, string Method, string? Remote, string Scheme, string? Host, int Port);
