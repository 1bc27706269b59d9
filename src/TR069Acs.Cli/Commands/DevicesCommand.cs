using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs devices list</c>: pages through the operator API's device list (its <c>Link: rel="next"</c> cursor), a
/// table on a terminal and JSON otherwise; it never stops silently: when more devices exist than it printed, it says so.</summary>
internal static partial class DevicesCommand
{
    private const int PageSize = 1000; // the API's largest page

    public static Command Create()
    {
        var api = UriOption.Create("--api", "Operator API base URL.", "http://127.0.0.1:7557/");
        var token = ApiToken.Create();
        var limit = new Option<int>("--limit") { HelpName = "N", Description = "At most this many devices (default 100).", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        var all = new Option<bool>("--all") { Description = "Every device, however many (pages through the API)." };
        var output = new Option<string?>("--output", "-o") { Description = "table or json (default: a table on a terminal, JSON otherwise)." };
        output.AcceptOnlyFromAmong("table", "json");
        var productClass = new Option<string?>("--product-class") { Description = "Only this model (ProductClass), e.g. CP-8841-3PCC." };
        var softwareVersion = new Option<string?>("--software-version") { Description = "Only devices reporting this version." };
        var list = new Command("list", "List devices: a table on a terminal, JSON otherwise; says when more exist than shown.")
        {
            api, token, limit, all, output, productClass, softwareVersion,
        };
        list.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = result.GetValue(api) };
            ApiToken.Apply(http, ApiToken.Resolve(result, token));
            var wanted = result.GetValue(all) ? int.MaxValue : result.GetValue(limit);
            var filter = new StringBuilder();
            Append(filter, "productClass", result.GetValue(productClass));
            Append(filter, "softwareVersion", result.GetValue(softwareVersion));
            var devices = new List<JsonNode?>();
            var more = false;
            try
            {
                string? next = $"api/devices?limit={Math.Min(PageSize, wanted)}{filter}";
                while (next is not null)
                {
                    // Once enough are shown, one more device (limit=1) tells whether more exist; a full last page has a
                    // Link header even when nothing follows it.
                    var room = wanted - devices.Count;
                    using var response = await http.GetAsync(LimitRegex().Replace(next, $"limit={Math.Clamp(room, 1, PageSize)}"), cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        await Console.Error.WriteLineAsync(Campaigns.ProblemText.Format((int)response.StatusCode, response.ReasonPhrase, body));
                        return ExitCodes.Failed;
                    }
                    var page = JsonNode.Parse(body)!.AsArray();
                    if (room <= 0)
                    {
                        more = page.Count > 0;
                        break;
                    }
                    devices.AddRange(page.Select(d => d?.DeepClone()));
                    next = NextLink(response);
                }
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"cannot reach the ACS API at {http.BaseAddress}: {ex.Message}");
                return ExitCodes.Failed;
            }
            var asTable = result.GetValue(output) is { } chosen ? chosen == "table" : !Console.IsOutputRedirected;
            if (asTable)
            {
                WriteTable(devices);
            }
            else
            {
                Console.WriteLine(new JsonArray([.. devices]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            if (more)
            {
                // On stderr, so JSON on stdout stays one array a script can parse.
                await Console.Error.WriteLineAsync($"{devices.Count} devices shown; more exist: --all lists every one, --limit N more.");
            }
            return ExitCodes.Ok;
        });
        return new Command("devices", "Devices known to the ACS.") { list };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"limit=\d+")]
    private static partial System.Text.RegularExpressions.Regex LimitRegex();

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    // Link: </api/devices?limit=100&cursor=…>; rel="next"
    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';');
            if (parts.Length > 1 && parts.Skip(1).Any(p => p.Trim() == "rel=\"next\""))
            {
                return parts[0].Trim().TrimStart('<').TrimEnd('>').TrimStart('/');
            }
        }
        return null;
    }

    private static void WriteTable(List<JsonNode?> devices)
    {
        string[] header = ["ID", "MODEL", "SOFTWARE", "LAST INFORM", "TAGS"];
        var rows = devices.Select(d => new[]
        {
            (string?)d?["id"] ?? "",
            (string?)d?["productClass"] ?? "",
            (string?)d?["softwareVersion"] ?? "",
            (string?)d?["lastInform"] ?? "never",
            string.Join(",", d?["tags"]?.AsArray().Select(t => (string?)t) ?? []),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
        Console.WriteLine($"{devices.Count} device{(devices.Count == 1 ? "" : "s")}");
    }
}
