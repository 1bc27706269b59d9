using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>A campaign over a fleet of real agent phones where every phone takes the image (issue 5 §4).</summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignSuccessTests
{
    [Fact]
    public async Task Every_phone_ends_on_the_target_version_with_one_download_and_never_more_than_maxConcurrent_in_flight()
    {
        const int maxConcurrent = 6;
        var filesPort = FreePort();
        await using var acs = await AcsInstance.StartAsync(configure: o => o.FilesPort = filesPort);
        using var probe = new FileServerProbe(filesPort);
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        await using var fleet = new PhoneFleet(FleetLedger.Options(acs.CwmpUri, "0023EB300000", 36));
        var current = FleetLedger.Options(acs.CwmpUri, "0023EB30F000", 4);
        current.SoftwareVersion = CampaignClient.TargetVersion;
        await using var upToDate = new PhoneFleet(current);
        await fleet.StartAsync();
        await upToDate.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await acs.GetArrayAsync("api/devices?limit=1000")).Count == 40, "40 phones to register");

        var created = await api.CreateAsync(new
        {
            name = "all succeed",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent,
            stopRules = new { maxFailures = 1, confirmTimeoutSeconds = 60 },
        });
        var id = CampaignClient.Id(created);
        var done = await api.WaitForEndAsync(id);

        Assert.Equal("completed", CampaignClient.Status(done));
        Assert.Null((string?)done["stopReason"]);
        Assert.Equal(40, CampaignClient.Count(done, "total"));
        Assert.Equal(36, CampaignClient.Count(done, "succeeded"));
        Assert.Equal(4, CampaignClient.Count(done, "skipped"));
        Assert.Equal(0, CampaignClient.Count(done, "failed") + CampaignClient.Count(done, "pending") + CampaignClient.Count(done, "inProgress"));
        Assert.Equal(CampaignClient.TargetVersion, (string?)done["targetVersion"]);

        // The phones agree: each runs the image, got exactly one Download and reported it exactly once.
        foreach (var phone in fleet.Phones)
        {
            Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion);
            Assert.Equal(1, FleetLedger.DownloadsReceived(phone));
            var reported = Assert.Single(FleetLedger.AcknowledgedTransfers(phone));
            Assert.StartsWith($"campaign:{id}:", reported, StringComparison.Ordinal);
        }
        Assert.All(upToDate.Phones, phone => Assert.Equal(0, FleetLedger.DownloadsReceived(phone)));

        var devices = await api.DevicesAsync(id);
        Assert.Equal(40, devices.Count);
        foreach (var device in devices.Select(d => d!.AsObject()))
        {
            var deviceId = (string)device["deviceId"]!;
            if (upToDate.Phones.Any(p => p.DeviceId == deviceId))
            {
                Assert.Equal("skipped", (string?)device["state"]);
                Assert.False(string.IsNullOrWhiteSpace((string?)device["reason"]), $"{deviceId} was skipped without a reason");
                continue;
            }
            Assert.Equal("succeeded", (string?)device["state"]);
            Assert.Equal(1, (int)device["attempts"]!);
            Assert.Null((string?)device["lastFault"]);
            Assert.NotNull(device["finished"]);
        }
        var stored = await acs.GetArrayAsync("api/devices?limit=1000");
        Assert.All(stored, d => Assert.Equal(CampaignClient.TargetVersion, (string?)d!["softwareVersion"]));

        // Concurrency, measured outside the campaign engine: at the file server, and by the phones themselves.
        Assert.Equal(36, probe.Requests);
        Assert.InRange(probe.Peak, 1, maxConcurrent);
        Assert.InRange(FleetLedger.MaxOverlap(FleetLedger.InFlight(fleet.Phones)), 1, maxConcurrent);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
