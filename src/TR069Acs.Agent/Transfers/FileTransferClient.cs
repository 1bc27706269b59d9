using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Transfers;

/// <summary>HTTP/HTTPS file transfers for Download and Upload, with the TR-069 Table 131 fault codes: 9013 unsupported
/// protocol, 9015 cannot reach the server, 9016 the file is not accessible (403/404/410), 9012 authentication
/// failed, 9017 the transfer broke off, 9018 the file is corrupted (wrong size, empty), 9010/9011 any other failure.
/// Redirects are followed (at most 5); a 401 is answered with the request's credentials, at most twice (DESIGN §6).</summary>
internal sealed class FileTransferClient(HttpClient http, TimeSpan timeout)
{
    /// <summary>Largest configuration file accepted (kept in memory).</summary>
    public const int MaxKeptBytes = 4 << 20;

    /// <summary>Largest firmware image kept in memory for verification; a larger one is counted, not kept.</summary>
    public const int MaxKeptImageBytes = 64 << 20;

    /// <summary>Largest firmware image accepted.</summary>
    public const long MaxImageBytes = 512L << 20;

    private const int MaxRedirects = 5;
    private const int MaxAuthAttempts = 2;

    /// <summary>GETs <paramref name="url"/>. With <paramref name="keepContent"/> (a configuration file) the bytes are
    /// returned and at most <see cref="MaxKeptBytes"/> accepted; otherwise (a firmware image) up to
    /// <see cref="MaxImageBytes"/> are accepted and the bytes returned when at most <see cref="MaxKeptImageBytes"/>.</summary>
    public async Task<TransferResult> DownloadAsync(Uri url, string username, string password, long expectedSize, bool keepContent,
        CancellationToken cancellationToken)
    {
        if (!IsHttp(url))
        {
            return TransferResult.Failed(FaultCodes.UnsupportedTransferProtocol, $"'{url.Scheme}' is not a supported transfer protocol (http, https)");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(HttpMethod.Get, url, username, password, null, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TransferResult.Failed(FaultCodes.DownloadFailureContactServer, $"cannot contact {url.Authority}: {e.Message}");
        }
        using (response)
        {
            if (Refusal(response, FaultCodes.DownloadFailure) is { } refused)
            {
                return refused;
            }
            try
            {
                return await ReadAsync(response, expectedSize, keepContent, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return TransferResult.Failed(FaultCodes.DownloadFailureComplete, $"the download broke off: {e.Message}");
            }
        }
    }

    /// <summary>PUTs <paramref name="content"/> to <paramref name="url"/> (TR-069 A.4.1.5: HTTP PUT).</summary>
    public async Task<FaultStruct> UploadAsync(Uri url, string username, string password, byte[] content, string contentType,
        CancellationToken cancellationToken)
    {
        if (!IsHttp(url))
        {
            return new FaultStruct(FaultCodes.UnsupportedTransferProtocol, $"'{url.Scheme}' is not a supported transfer protocol (http, https)");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await SendAsync(HttpMethod.Put, url, username, password, (content, contentType), deadline.Token).ConfigureAwait(false);
            return Refusal(response, FaultCodes.UploadFailure)?.Fault ?? FaultStruct.None;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new FaultStruct(FaultCodes.UploadFailure, $"upload to {url.Authority} failed: {e.Message}");
        }
    }

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static TransferResult? Refusal(HttpResponseMessage response, int otherwise)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            _ when response.IsSuccessStatusCode => null,
            HttpStatusCode.Unauthorized or HttpStatusCode.ProxyAuthenticationRequired
                => TransferResult.Failed(FaultCodes.FileTransferAuthenticationFailure, $"the file server refused the credentials ({status})"),
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone
                => TransferResult.Failed(FaultCodes.DownloadFailureAccessFile, $"the file server answered {status} {response.ReasonPhrase}"),
            _ => TransferResult.Failed(otherwise, $"the file server answered {status} {response.ReasonPhrase}"),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, string username, string password,
        (byte[] Bytes, string Type)? content, CancellationToken cancellationToken)
    {
        string? authorization = null;
        var redirects = 0;
        var authAttempts = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(method, url);
            if (content is { } body)
            {
                request.Content = new ByteArrayContent(body.Bytes);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", body.Type);
            }
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && username.Length > 0 && authAttempts < MaxAuthAttempts
                && Answer(response, method, url, username, password) is { } answer)
            {
                authorization = answer;
                authAttempts++;
                response.Dispose();
                continue;
            }
            if (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                    or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
                && response.Headers.Location is { } location && redirects++ < MaxRedirects)
            {
                url = new Uri(url, location);
                authorization = null;
                response.Dispose();
                continue;
            }
            return response;
        }
    }

    private static string? Answer(HttpResponseMessage response, HttpMethod method, Uri url, string username, string password)
    {
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        foreach (var value in challenges)
        {
            if (DigestAuth.TryParseChallenge(value, out var challenge))
            {
                var clientNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                return DigestAuth.CreateAuthorization(challenge, method.Method, url.PathAndQuery, username, password, clientNonce, 1);
            }
        }
        return challenges.Exists(BasicAuth.IsChallenge) ? BasicAuth.CreateAuthorization(username, password) : null;
    }

    private static async Task<TransferResult> ReadAsync(HttpResponseMessage response, long expectedSize, bool keepContent,
        CancellationToken cancellationToken)
    {
        var limit = keepContent ? MaxKeptBytes : MaxImageBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            return TransferResult.Failed(FaultCodes.DownloadFailure, $"the file is larger than {limit} bytes");
        }
        var keepUpTo = keepContent ? MaxKeptBytes : MaxKeptImageBytes;
        using var kept = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long length = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return TransferResult.Failed(FaultCodes.DownloadFailure, $"the file is larger than {limit} bytes");
                }
                if (length <= keepUpTo)
                {
                    kept.Write(buffer, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (expectedSize > 0 && length != expectedSize)
        {
            return TransferResult.Failed(FaultCodes.DownloadFailureFileCorrupted, $"received {length} bytes, FileSize says {expectedSize}");
        }
        if (length == 0)
        {
            return TransferResult.Failed(FaultCodes.DownloadFailureFileCorrupted, "the file is empty");
        }
        return new TransferResult(FaultStruct.None, length <= keepUpTo ? kept.ToArray() : null, length);
    }
}
