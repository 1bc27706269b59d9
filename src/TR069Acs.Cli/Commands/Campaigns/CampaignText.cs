using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>Text output of <c>acs campaigns list|show|devices</c>: aligned columns for people; <c>--output json</c>
/// prints the API's JSON instead, for scripts.</summary>
internal static class CampaignText
{
    private static readonly JsonSerializerOptions _indented = new() { WriteIndented = true };

    public static string Json(JsonNode node) => node.ToJsonString(_indented);

    /// <summary>One line per campaign: id, status, done of total, failures, name.</summary>
    public static string List(JsonArray campaigns)
    {
        var rows = new List<string[]> { new[] { "ID", "STATUS", "DONE", "SUCCEEDED", "FAILED", "SKIPPED", "NAME" } };
        foreach (var node in campaigns)
        {
            var c = CampaignSnapshot.From(node);
            rows.Add([c.Id, c.Status, $"{c.Counts.Done}/{c.Counts.Total}", N(c.Counts.Succeeded), N(c.Counts.Failed), N(c.Counts.Skipped), c.Name]);
        }
        return Table(rows);
    }

    /// <summary>A campaign's headline fields, its counts and its stop reason.</summary>
    public static string Show(JsonNode node)
    {
        var c = CampaignSnapshot.From(node);
        var o = (JsonObject)node;
        var text = new StringBuilder();
        Line(text, "id", c.Id);
        Line(text, "name", c.Name);
        Line(text, "status", c.Status);
        if (c.StopReason is not null)
        {
            Line(text, "stop reason", c.StopReason);
        }
        Line(text, "firmware", CampaignSnapshot.Text(o["firmwareId"]));
        Line(text, "target version", CampaignSnapshot.Text(o["targetVersion"]));
        Line(text, "max concurrent", CampaignSnapshot.Text(o["maxConcurrent"]));
        if (o["schedule"]?["window"] is JsonObject window)
        {
            Line(text, "window", $"{CampaignSnapshot.Text(window["from"])}-{CampaignSnapshot.Text(window["to"])} {CampaignSnapshot.Text(window["timeZone"])}");
        }
        Line(text, "created", CampaignSnapshot.Text(o["created"]));
        Line(text, "started", CampaignSnapshot.Text(o["started"]));
        Line(text, "finished", CampaignSnapshot.Text(o["finished"]));
        var n = c.Counts;
        Line(text, "devices", $"{N(n.Total)} total: {N(n.Succeeded)} succeeded, {N(n.Failed)} failed, {N(n.Skipped)} skipped, "
            + $"{N(n.InProgress)} in progress, {N(n.Pending)} pending");
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>One line per device: id, state, attempts, and the fault or skip reason.</summary>
    public static string Devices(IReadOnlyList<JsonNode?> devices)
    {
        var rows = new List<string[]> { new[] { "DEVICE", "STATE", "ATTEMPTS", "FINISHED", "FAULT / REASON" } };
        foreach (var node in devices)
        {
            if (node is not JsonObject d)
            {
                continue;
            }
            rows.Add([
                CampaignSnapshot.Text(d["deviceId"]) ?? "?",
                CampaignSnapshot.Text(d["state"]) ?? "?",
                CampaignSnapshot.Text(d["attempts"]) ?? "0",
                CampaignSnapshot.Text(d["finished"]) ?? "",
                CampaignSnapshot.Text(d["lastFault"]) ?? CampaignSnapshot.Text(d["reason"]) ?? "",
            ]);
        }
        return Table(rows);
    }

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name + ":",-16}{value}\n");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Columns padded to their widest cell; the last column is not padded.</summary>
    private static string Table(List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i < row.Length - 1 ? row[i].PadRight(widths[i] + 2) : row[i]);
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }
}
