using System.CommandLine;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

internal static partial class CampaignsCommand
{
    /// <summary>Pause between reconnection attempts after the event stream broke (ACS restarted, proxy timeout).</summary>
    private static readonly TimeSpan _reconnectDelay = TimeSpan.FromSeconds(1);

    private static Command WatchCommand()
    {
        var api = ApiOption();
        var id = IdArgument();
        var reconnect = new Option<int>("--reconnect-timeout")
        {
            HelpName = "SECONDS",
            Description = "Seconds to keep trying when the ACS goes away (restart, crash) before giving up.",
            DefaultValueFactory = _ => 120,
        };
        var command = new Command("watch", "Follow a campaign live until it finishes: exit 0 when completed, 3 when stopped, 4 when cancelled.")
        {
            api, id, reconnect,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var terminal = !Console.IsOutputRedirected;
            using var view = new ProgressView(Console.Out, terminal, TerminalWidth, unicode: Console.OutputEncoding.CodePage == 65001, TimeProvider.System);
            using var client = new CampaignApi(result.GetValue(api)!, ApiToken.Resolve(result, _token));
            try
            {
                var final = await WatchAsync(client, result.GetValue(id)!, view, TimeSpan.FromSeconds(result.GetValue(reconnect)), cancellationToken);
                view.Finish(final);
                return final.Status switch
                {
                    "completed" => Succeeded,
                    "cancelled" => CampaignCancelled,
                    _ => CampaignStopped,
                };
            }
            catch (CampaignApiException e)
            {
                view.Note(Console.Error, e.Message);
                return ApiError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                view.Note(Console.Error, "stopped watching; the campaign goes on.");
                return Interrupted;
            }
        });
        return command;
    }

    /// <summary>Follows <c>/api/campaigns/{id}/events</c> (issue 5 §2) until the campaign has finished; reconnects when
    /// the stream breaks, since every new stream starts with the whole campaign state (nothing is lost in between).</summary>
    /// <returns>The finished campaign.</returns>
    /// <exception cref="CampaignApiException">The API refused (unknown campaign …), or stayed unreachable for
    /// <paramref name="reconnectTimeout"/>.</exception>
    private static async Task<CampaignSnapshot> WatchAsync(CampaignApi client, string id, ProgressView view, TimeSpan reconnectTimeout,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? lostSince = null;
        var connected = false;
        bool? windowOpen = null;
        while (true)
        {
            try
            {
                using var response = await client.OpenEventsAsync(id, cancellationToken);
                connected = true;
                if (lostSince is not null)
                {
                    view.Note(Console.Error, "reconnected.");
                    lostSince = null;
                }
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    var campaign = Parse(item.Data);
                    if (item.EventType == "end")
                    {
                        // The end event may carry the final campaign or nothing; ask when it carries nothing.
                        return campaign ?? CampaignSnapshot.From(await client.GetAsync(CampaignApi.CampaignPath(id), cancellationToken));
                    }
                    if (item.EventType == "progress" && campaign is not null)
                    {
                        if (campaign.IsFinished)
                        {
                            return campaign;
                        }
                        view.Update(campaign);
                        windowOpen = SayWindow(view, campaign, windowOpen);
                    }
                }
            }
            catch (CampaignApiException e) when (connected && (e.Unreachable || e.Status >= 500))
            {
                // A wrong --api or id is said at once; only an ACS that answered before is waited for.
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The stream broke off mid-campaign: the ACS stopped or the connection was reset.
            }
            var now = DateTimeOffset.UtcNow;
            if (lostSince is null)
            {
                lostSince = now;
                view.Note(Console.Error, "the event stream ended before the campaign finished; reconnecting…");
            }
            else if (now - lostSince > reconnectTimeout)
            {
                throw new CampaignApiException($"gave up after {reconnectTimeout.TotalSeconds:0} s: the ACS API at {client.BaseUri} does not answer.");
            }
            await Task.Delay(_reconnectDelay, cancellationToken);
        }
    }

    // Says, once per change, that a campaign waits for its maintenance window and when that opens; and when it has opened.
    private static bool? SayWindow(ProgressView view, CampaignSnapshot campaign, bool? wasOpen)
    {
        if (campaign.Window is not { } window || campaign.Status is not ("scheduled" or "running"))
        {
            return wasOpen;
        }
        var now = DateTimeOffset.UtcNow;
        var open = window.IsOpen(now);
        if (open != wasOpen)
        {
            if (!open)
            {
                view.Line($"campaign {campaign.Id} is {window.ClosedLine(now)}");
            }
            else if (wasOpen is not null)
            {
                view.Line($"campaign {campaign.Id}: its maintenance window {window.Text} is open.");
            }
        }
        return open;
    }

    private static CampaignSnapshot? Parse(string data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return null;
        }
        try
        {
            return CampaignSnapshot.From(JsonNode.Parse(data));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
