using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

internal static partial class CampaignsCommand
{
    /// <summary>Devices fetched per request when the whole list is wanted.</summary>
    private const int DevicePage = 500;

    /// <summary>Bound on the pages of one listing (2,000 × 500 = a million devices), so a server that ignores
    /// <c>offset</c> cannot keep the CLI looping.</summary>
    private const int MaxDevicePages = 2_000;

    private static Command DevicesCommand()
    {
        var api = ApiOption();
        var output = OutputOption();
        var id = IdArgument();
        var state = new Option<string?>("--state") { Description = "Only devices in this state." };
        state.AcceptOnlyFromAmong("pending", "inProgress", "succeeded", "failed", "skipped");
        var limit = new Option<int?>("--limit") { HelpName = "N", Description = "At most this many devices (default: all)." };
        var offset = new Option<int>("--offset") { HelpName = "N", Description = "Skip this many devices first.", DefaultValueFactory = _ => 0 };
        var command = new Command("devices", "A campaign's devices: state, attempts, last fault or skip reason.") { api, output, id, state, limit, offset };
        command.SetAction((result, cancellationToken) => CallAsync(result, api, async client =>
        {
            var path = $"{CampaignApi.CampaignPath(result.GetValue(id)!)}/devices?"
                + (result.GetValue(state) is { } s ? $"state={Uri.EscapeDataString(s)}&" : "");
            var devices = new JsonArray();
            var from = result.GetValue(offset);
            var wanted = result.GetValue(limit);
            for (var page = 0; page < MaxDevicePages; page++)
            {
                var size = wanted is { } w ? Math.Min(DevicePage, w - devices.Count) : DevicePage;
                if (size <= 0)
                {
                    break;
                }
                var items = Items(await client.GetAsync(
                    path + string.Create(CultureInfo.InvariantCulture, $"limit={size}&offset={from}"), cancellationToken));
                var got = items.Count;
                foreach (var item in items.ToList())
                {
                    items.Remove(item);
                    devices.Add(item);
                }
                from += got;
                // A short page is the last; a page longer than asked means the server ignores paging and sent all.
                if (got != size)
                {
                    break;
                }
            }
            Print(devices, result.GetValue(output)!, node => CampaignText.Devices([.. node.AsArray()]));
            return Succeeded;
        }));
        return command;
    }
}
