using System.CommandLine;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary><c>acs campaigns</c>: firmware campaigns through the operator API (issue 5 §2): create, list, show,
/// devices, pause, resume, cancel, and <c>watch</c> with a live progress bar.</summary>
/// <remarks>Exit codes: 0 success (for <c>watch</c>: the campaign completed), 1 the API refused or could not be
/// reached (the problem detail is printed), 2 a malformed option, 3 the watched campaign stopped (a stop rule fired),
/// 4 it was cancelled, 130 interrupted.</remarks>
internal static partial class CampaignsCommand
{
    public const int Succeeded = 0;
    public const int ApiError = 1;
    public const int BadUsage = 2;
    public const int CampaignStopped = 3;
    public const int CampaignCancelled = 4;
    public const int Interrupted = 130;

    // Recursive: every subcommand takes --token (or ACS_TOKEN).
    private static readonly Option<string?> _token = ApiToken.Create();

    public static Command Create() => new("campaigns", "Firmware campaigns: bulk upgrades with throttling, windows and stop rules.")
    {
        _token,
        CreateCommand(),
        ListCommand(),
        ShowCommand(),
        DevicesCommand(),
        ControlCommand("pause", "Pause a campaign: no new Downloads; devices in flight finish."),
        ControlCommand("resume", "Resume a paused campaign."),
        ControlCommand("cancel", "Cancel a campaign: no new Downloads; it cannot be resumed."),
        WatchCommand(),
    };

    private static Option<Uri> ApiOption() => UriOption.Create("--api", "Operator API base URL.", "http://127.0.0.1:7557/");

    private static Option<string> OutputOption()
    {
        var output = new Option<string>("--output", "-o") { Description = "text (aligned for people) or json (the API's JSON).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        return output;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The campaign id (from create or list)." };

    /// <summary>Runs one API exchange; an API error or an unreachable ACS is printed and becomes exit code 1.</summary>
    private static async Task<int> CallAsync(ParseResult result, Option<Uri> api, Func<CampaignApi, Task<int>> action)
    {
        using var client = new CampaignApi(result.GetValue(api)!, ApiToken.Resolve(result, _token));
        try
        {
            return await action(client);
        }
        catch (CampaignApiException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ApiError;
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"unexpected answer from the ACS: {e.Message}");
            return ApiError;
        }
    }

    private static void Print(JsonNode node, string output, Func<JsonNode, string> text)
        => Console.WriteLine(output == "json" ? CampaignText.Json(node) : text(node));
}
