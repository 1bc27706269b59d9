using System.Collections.Concurrent;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.EndToEnd.Tests.Campaigns;

namespace TR069Acs.EndToEnd.Tests.Resilience;

/// <summary>Issue 16 §2: after SIGKILL at most the stated window of telemetry is lost. The window (README "Nothing
/// acknowledged is lost") is the write-behind queue: an Inform is answered 200 only once its record is queued, and a
/// record leaves the queue's budget only once committed, so what a SIGKILL can lose is at most
/// <c>Acs:TelemetryQueueCapacity</c> records (or <c>Acs:TelemetryQueueBytes</c>), and — the writer committing in queue
/// order — only the newest ones. The test shrinks the window to <see cref="Window"/> records so it can check the bound.</summary>
[Collection(CampaignCollection.Name)]
public sealed class SigkillTelemetryTests
{
    private const int Window = 32;
    private const int Clients = 6;
    private const int InformsPerClient = 60;

    [Fact]
    public async Task After_sigkill_every_inform_acknowledged_before_the_last_window_is_stored()
    {
        await using var acs = await AcsProcess.StartAsync(
            "--Acs:CpeAuth:Mode", "Off", "--Acs:TelemetryQueueCapacity", $"{Window}", "--Acs:TelemetryBatchSize", "8");
        var acknowledged = new ConcurrentQueue<string>();   // serials in the order their 200 arrived
        using var cts = new CancellationTokenSource();
        var killed = 0;

        async Task ClientAsync(int client)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < InformsPerClient && Volatile.Read(ref killed) == 0; i++)
            {
                var serial = $"KILL{client:D2}{i:D4}";
                using var content = new StringContent(Inform(serial), Encoding.UTF8, "text/xml");
                try
                {
                    using var response = await http.PostAsync(acs.CwmpUri, content, cts.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Enqueue(serial);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    return; // the process is gone: an Inform in flight was never acknowledged
                }
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c))).ToArray();
        // Kill while the flood is on: once a third of the Informs have been acknowledged (a state, not a duration).
        await Eventually.TrueAsync(() => acknowledged.Count >= Clients * InformsPerClient / 3, "a third of the Informs acknowledged", 120);
        await acs.KillAsync();
        Interlocked.Exchange(ref killed, 1);
        await Bounded.WithinAsync(Task.WhenAll(clients), "the Inform clients after the kill", 60);
        var acked = acknowledged.ToArray();

        await acs.StartAgainAsync();
        using var listing = await acs.Api.GetAsync("api/devices?serialPrefix=KILL&limit=1000");
        var body = await listing.Content.ReadAsStringAsync();
        Assert.True(listing.IsSuccessStatusCode, body);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in Devices(JsonNode.Parse(body)!))
        {
            // The record is the Inform's, not only a row: its SoftwareVersion names the serial.
            if ((string?)device["softwareVersion"] == "v-" + (string?)device["serialNumber"])
            {
                stored.Add((string)device["serialNumber"]!);
            }
        }

        var lost = acked.Where(s => !stored.Contains(s)).ToList();
        Assert.True(lost.Count <= Window, $"{lost.Count} acknowledged Informs lost, more than the window of {Window}: {string.Join(", ", lost)}");
        // FIFO commits: whatever was lost is among the newest acknowledgements (the window, plus the Informs that were
        // queued but not yet answered when a later one was: at most one per client).
        var older = acked.Take(Math.Max(0, acked.Length - Window - Clients)).Where(s => !stored.Contains(s)).ToList();
        Assert.True(older.Count == 0, $"Informs acknowledged before the last {Window + Clients} were lost: {string.Join(", ", older)} ({acked.Length} acknowledged)");
    }

    private static IEnumerable<JsonNode> Devices(JsonNode body)
        => (body as JsonArray ?? body["items"] as JsonArray ?? body["devices"] as JsonArray ?? throw new InvalidOperationException($"unexpected listing: {body}"))
            .Select(d => d!);

    private static string Inform(string serial) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
        <soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">1</cwmp:ID></soap-env:Header>
        <soap-env:Body><cwmp:Inform>
        <DeviceId><Manufacturer>Acme</Manufacturer><OUI>00D09E</OUI><ProductClass>KillPhone</ProductClass><SerialNumber>{SecurityElement.Escape(serial)}</SerialNumber></DeviceId>
        <Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>0 BOOTSTRAP</EventCode><CommandKey></CommandKey></EventStruct></Event>
        <MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-11-23T10:00:00Z</CurrentTime><RetryCount>0</RetryCount>
        <ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]">
        <ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">v-{serial}</Value></ParameterValueStruct>
        <ParameterValueStruct><Name>Device.DeviceInfo.UpTime</Name><Value xsi:type="xsd:unsignedInt">7</Value></ParameterValueStruct>
        </ParameterList>
        </cwmp:Inform></soap-env:Body>
        </soap-env:Envelope>
        """;
}
