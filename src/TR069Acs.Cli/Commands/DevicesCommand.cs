using System.CommandLine;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs devices</c>: read the device list through the operator API.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var api = UriOption.Create("--api", "Operator API base URL.", "http://127.0.0.1:7557/");
        var token = ApiToken.Create();
        var list = new Command("list", "List devices as JSON.") { api, token };
        list.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = result.GetValue(api) };
            ApiToken.Apply(http, ApiToken.Resolve(result, token));
            try
            {
                using var response = await http.GetAsync("api/devices", cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine(body);
                }
                else
                {
                    await Console.Error.WriteLineAsync(Campaigns.ProblemText.Format((int)response.StatusCode, response.ReasonPhrase, body));
                }
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"cannot reach the ACS API at {http.BaseAddress}: {ex.Message}");
                return 1;
            }
        });
        return new Command("devices", "Devices known to the ACS.") { list };
    }
}
