using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>The campaign part of the operator API (<c>/api/campaigns</c>, issue 5 §2) as the CLI uses it. Every
/// failure becomes a <see cref="CampaignApiException"/> whose message a person can act on: the problem detail's text
/// for an API error, the address and reason when the ACS cannot be reached.</summary>
internal sealed class CampaignApi : IDisposable
{
    private readonly HttpClient _http;

    public CampaignApi(Uri api, string? token = null)
    {
        // A base URL without a trailing slash would lose its last segment when relative paths are resolved.
        BaseUri = api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/");
        // The event stream stays open for the whole campaign; single requests honour the caller's token instead.
        _http = new HttpClient { BaseAddress = BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        ApiToken.Apply(_http, token);
    }

    public Uri BaseUri { get; }

    public static string CampaignPath(string id) => $"api/campaigns/{Uri.EscapeDataString(id)}";

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken)
        => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonNode> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Opens the server-sent event stream of a campaign; the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CampaignPath(id) + "/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await ExchangeAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorAsync(response, cancellationToken);
            }
        }
        return response;
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await ExchangeAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, cancellationToken);
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                return JsonNode.Parse(text.Length == 0 ? "null" : text) ?? new JsonObject();
            }
            catch (JsonException e)
            {
                throw new CampaignApiException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON: {e.Message}");
            }
        }
    }

    private async Task<HttpResponseMessage> ExchangeAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CampaignApiException($"cannot reach the ACS API at {BaseUri}: {e.Message}", unreachable: true);
        }
    }

    private static async Task<CampaignApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new CampaignApiException(ProblemText.Format((int)response.StatusCode, response.ReasonPhrase, body), status: (int)response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
