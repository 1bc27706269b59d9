using System.CommandLine;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

internal static partial class CampaignsCommand
{
    private static Command CreateCommand()
    {
        var api = ApiOption();
        var output = OutputOption();
        var request = new CampaignRequestOptions();
        var command = new Command("create", "Create a campaign (POST /api/campaigns); the devices are selected when it starts.") { api, output };
        foreach (var option in request.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            JsonObject body;
            try
            {
                body = await request.BuildAsync(result, cancellationToken);
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return BadUsage;
            }
            return await CallAsync(result, api, async client =>
            {
                var created = await client.PostAsync("api/campaigns", body, cancellationToken);
                var campaign = CampaignSnapshot.From(created);
                Console.WriteLine(result.GetValue(output) == "json"
                    ? CampaignText.Json(created)
                    : $"created campaign {campaign.Id} '{campaign.Name}': {campaign.Status}\nwatch it with: acs campaigns watch {campaign.Id}");
                return Succeeded;
            });
        });
        return command;
    }

    private static Command ListCommand()
    {
        var api = ApiOption();
        var output = OutputOption();
        var command = new Command("list", "List campaigns, newest first.") { api, output };
        command.SetAction((result, cancellationToken) => CallAsync(result, api, async client =>
        {
            var list = await client.GetAsync("api/campaigns", cancellationToken);
            Print(list, result.GetValue(output)!, node => CampaignText.List(Items(node)));
            return Succeeded;
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        var api = ApiOption();
        var output = OutputOption();
        var id = IdArgument();
        var command = new Command("show", "Show a campaign: status, stop reason and device counts.") { api, output, id };
        command.SetAction((result, cancellationToken) => CallAsync(result, api, async client =>
        {
            Print(await client.GetAsync(CampaignApi.CampaignPath(result.GetValue(id)!), cancellationToken), result.GetValue(output)!, CampaignText.Show);
            return Succeeded;
        }));
        return command;
    }

    private static Command ControlCommand(string action, string description)
    {
        var api = ApiOption();
        var output = OutputOption();
        var id = IdArgument();
        var command = new Command(action, description) { api, output, id };
        command.SetAction((result, cancellationToken) => CallAsync(result, api, async client =>
        {
            // 409 (the transition is impossible, e.g. resuming a completed campaign) arrives as the problem's text.
            var campaign = await client.PostAsync($"{CampaignApi.CampaignPath(result.GetValue(id)!)}/{action}", null, cancellationToken);
            Print(campaign, result.GetValue(output)!, CampaignText.Show);
            return Succeeded;
        }));
        return command;
    }

    /// <summary>A list answer: a bare array, or a paged envelope <c>{ "items": [...] }</c>.</summary>
    private static JsonArray Items(JsonNode node)
        => node as JsonArray ?? node["items"] as JsonArray ?? throw new FormatException("expected a JSON array of campaigns");
}
