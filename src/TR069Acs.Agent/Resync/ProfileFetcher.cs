using System.Net;
using TR069Acs.Agent.Cwmp;
using TR069Acs.Provisioning.Rules;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Agent.Resync;

/// <summary>Fetches a resolved rule's file over TFTP, HTTP or HTTPS as the phone does (DESIGN §6): 301/302 followed,
/// 401/407 answered with the rule's credentials at most twice, 404 is "file not found", every other failure is a
/// connection-class failure. Nothing throws for network or server trouble.</summary>
internal static class ProfileFetcher
{
    private const int MaxRedirects = 5;
    private const int MaxAuthRetries = 2;
    private const int MaxBytes = 64 * 1024 * 1024;

    public static async Task<ProfileFetchResult> FetchAsync(RuleTarget target, HttpClient http, string userAgent, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return target.Scheme == RuleScheme.Tftp
                ? await FetchTftpAsync(target, timeout, deadline.Token).ConfigureAwait(false)
                : await FetchHttpAsync(target, http, userAgent, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProfileFetchResult.Fail($"timeout after {timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<ProfileFetchResult> FetchTftpAsync(RuleTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = new TftpClientOptions { Timeout = TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 6, 0.5, 5)) };
        var result = await TftpClient.DownloadAsync(target.Host, target.Port, target.TftpFileName, options, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? new ProfileFetchResult(result.Content, null)
            : ProfileFetchResult.Fail(result.Outcome == TftpDownloadOutcome.NotFound ? "file not found" : $"tftp {result.Outcome}: {result.Message}",
                result.Outcome == TftpDownloadOutcome.NotFound);
    }

    private static async Task<ProfileFetchResult> FetchHttpAsync(RuleTarget target, HttpClient http, string userAgent, CancellationToken cancellationToken)
    {
        var uri = target.ToUri();
        var authenticator = target.Username is { } user ? new AcsAuthenticator(user, target.Password ?? "", sendBasicUnasked: false) : null;
        var authRetries = 0;
        var sent = false;
        for (var redirects = 0; ;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            if (authenticator?.HeaderFor("GET", uri.PathAndQuery) is { } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                sent = true;
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return ProfileFetchResult.Fail($"cannot connect to {uri.Authority}: {e.Message}");
            }
            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
                    case HttpStatusCode.MovedPermanently or HttpStatusCode.Found when response.Headers.Location is { } location:
                        if (++redirects > MaxRedirects)
                        {
                            return ProfileFetchResult.Fail($"more than {MaxRedirects} redirects");
                        }
                        uri = new Uri(uri, location);
                        continue;
                    case HttpStatusCode.Unauthorized or HttpStatusCode.ProxyAuthenticationRequired:
                        var challenges = response.StatusCode == HttpStatusCode.Unauthorized
                            ? response.Headers.WwwAuthenticate.Select(h => h.ToString())
                            : response.Headers.ProxyAuthenticate.Select(h => h.ToString());
                        if (authenticator is null || ++authRetries > MaxAuthRetries || !authenticator.OnChallenge(challenges, sent))
                        {
                            return ProfileFetchResult.Fail($"http {(int)response.StatusCode} authentication failed");
                        }
                        continue;
                    case HttpStatusCode.NotFound:
                        return ProfileFetchResult.Fail("file not found", notFound: true);
                    default:
                        return ProfileFetchResult.Fail($"http {(int)response.StatusCode} {response.ReasonPhrase}");
                }
            }
        }
    }

    private static async Task<ProfileFetchResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            return ProfileFetchResult.Fail($"file larger than {MaxBytes} bytes");
        }
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                    {
                        return ProfileFetchResult.Fail($"file larger than {MaxBytes} bytes");
                    }
                    buffer.Write(chunk, 0, read);
                }
                return new ProfileFetchResult(buffer.ToArray(), null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return ProfileFetchResult.Fail($"transfer broken: {e.Message}");
        }
    }

    /// <summary>The User-Agent of the phone's provisioning requests: manufacturer, product, firmware and serial, in the
    /// shape the guides show (<c>cisco/CP-8831-3PCC (88012BA01234)</c>) with the firmware after the product.</summary>
    public static string UserAgent(string product, string softwareVersion, string serial)
        => $"cisco/{product}-{softwareVersion} ({serial})";
}
