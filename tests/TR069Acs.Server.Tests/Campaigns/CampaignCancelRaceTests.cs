using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using TR069Acs.Server.Tests.Support;
using Xunit.Abstractions;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

/// <summary>Cancel and pause are exact: once <c>POST /api/campaigns/{id}/cancel</c> (or <c>/pause</c>) answered, no new
/// Download of the campaign reaches a phone — however the operator's request falls against the tick that claims devices,
/// creates their tasks and links them.</summary>
public sealed partial class CampaignCancelRaceTests(ITestOutputHelper output)
{
    private const string Model = "CP-8841-3PCC";
    private const int Phones = 6;
    private const int Iterations = 60;

    [Fact]
    public async Task No_Download_of_a_cancelled_or_paused_campaign_reaches_a_phone_after_the_API_answered()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 50);
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        using var stop = new CancellationTokenSource();
        var phones = Enumerable.Range(0, Phones).Select(i => new PollingPhone(acs.Cpe($"RACE{i:00}", "00562B", Model))).ToList();
        var loops = phones.Select(p => Task.Run(() => p.RunAsync(stop.Token))).ToList();
        var budget = Stopwatch.StartNew();
        int iterations = 0, sentBeforeAnswer = 0, quiet = 0, finished = 0;
        try
        {
            await Eventually.TrueAsync(() => phones.All(p => p.Sessions > 0), "every phone completed a first session", 30);
            for (; iterations < Iterations && budget.Elapsed < TimeSpan.FromSeconds(60); iterations++)
            {
                var action = iterations % 2 == 0 ? "cancel" : "pause";
                var id = (long)(await CreateAsync(acs, $$"""{"name":"race{{iterations}}","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}"""))["id"]!;
                // Sweeps the operator's request across the tick: before it, while it claims and queues, after it.
                await Task.Delay(iterations % 8 * 5);
                var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/campaigns/{id}/{action}");
                var answered = Stopwatch.GetTimestamp();
                if (status == 409 && (string?)(await acs.GetJsonAsync($"api/campaigns/{id}"))["status"] == "completed")
                {
                    finished++;   // too late: every phone got its Download and refused it already
                    continue;
                }
                Assert.True(status == 200, $"{action} of campaign {id} → {status}: {body}");

                // Every phone has had a whole session since the answer: a Download still queued would have been taken.
                await Eventually.TrueAsync(() =>
                    {
                        Assert.True(phones.All(p => p.Failure is null), string.Join("; ", phones.Select(p => p.Failure).OfType<string>()));
                        return phones.All(p => p.LastSessionStarted > answered);
                    },
                    $"iteration {iterations}: every phone had a session after the {action} of campaign {id} answered", 30);
                var key = $"campaign:{id}:";
                var late = phones.SelectMany(p => p.Downloads.Where(d => d.CommandKey.StartsWith(key, StringComparison.Ordinal) && d.RequestSent > answered)
                    .Select(d => $"{p.DeviceId} got {d.CommandKey} {Stopwatch.GetElapsedTime(answered, d.RequestSent).TotalMilliseconds:F1} ms after the {action} answered"))
                    .ToList();
                Assert.True(late.Count == 0, $"iteration {iterations}: " + string.Join("; ", late));
                if (phones.Any(p => p.Downloads.Any(d => d.CommandKey.StartsWith(key, StringComparison.Ordinal))))
                {
                    sentBeforeAnswer++;
                }
                else
                {
                    quiet++;
                }
                if (action == "pause")
                {
                    // Frees the phones for the next campaign (unless every device got its Download before the pause
                    // and refused it since: the campaign has completed then).
                    if ((await acs.SendJsonAsync(HttpMethod.Post, $"api/campaigns/{id}/cancel")).Status != 200)
                    {
                        Assert.Equal("completed", (string?)(await acs.GetJsonAsync($"api/campaigns/{id}"))["status"]);
                    }
                }
                // What the campaign reports agrees with what the phones saw: a device whose Download went out is in
                // flight or failed (the phone refuses it at its next session; never withdrawn as if unsent), every other
                // one is pending with nothing counted.
                foreach (var device in (await acs.GetJsonAsync($"api/campaigns/{id}/devices")).AsArray())
                {
                    var deviceId = (string)device!["deviceId"]!;
                    var got = phones.Single(p => p.DeviceId == deviceId).Downloads.Any(d => d.CommandKey.StartsWith(key, StringComparison.Ordinal));
                    var state = (string?)device["state"];
                    Assert.True(got ? state is "inProgress" or "failed" : state == "pending" && (int)device["attempts"]! == 0,
                        $"iteration {iterations}: {deviceId} {(got ? "received" : "did not receive")} a Download of campaign {id} but is {device}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));
            phones.ForEach(p => p.Dispose());
        }
        output.WriteLine($"{iterations} iterations in {budget.Elapsed.TotalSeconds:F1} s: {sentBeforeAnswer} with Downloads sent before the answer, {quiet} without, {finished} finished first");
        Assert.True(iterations >= 10, $"only {iterations} iterations ran within the time budget");
        Assert.True(phones.All(p => p.Failure is null), string.Join("; ", phones.Select(p => p.Failure).OfType<string>()));
    }

    /// <summary>A phone in session after session, as fast as the ACS answers: it accepts every Download (Status 1) and
    /// reports it failed at its next session (so that finished campaigns stop ticking), recording when it sent the
    /// request each Download answered.</summary>
    private sealed partial class PollingPhone(ScriptedCpe cpe) : IDisposable
    {
        private readonly List<string> _refused = [];
        private long _lastSessionStarted;
        private int _sessions;

        public string DeviceId => cpe.DeviceId;

        public ConcurrentQueue<(string CommandKey, long RequestSent)> Downloads { get; } = new();

        /// <summary>When the last completed session began (a <see cref="Stopwatch"/> timestamp).</summary>
        public long LastSessionStarted => Volatile.Read(ref _lastSessionStarted);

        public int Sessions => Volatile.Read(ref _sessions);

        public string? Failure { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1"));
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    var reply = await cpe.InformAsync(_refused.Count == 0 ? ["2 PERIODIC"] : ["7 TRANSFER COMPLETE", .. _refused.Select(k => $"M Download|{k}")]);
                    if (reply.Status != 200)
                    {
                        throw new InvalidOperationException($"Inform → {reply.Status}");
                    }
                    foreach (var key in _refused)
                    {
                        var ack = await cpe.PostAsync(Soap.Envelope(Soap.TransferComplete(key, 9010, "refused by the test phone"), "tc-" + key, cpe.Namespace));
                        if (!ack.Body.Contains("TransferCompleteResponse", StringComparison.Ordinal))
                        {
                            throw new InvalidOperationException($"TransferComplete → {ack.Status}: {ack.Body}");
                        }
                    }
                    _refused.Clear();
                    var sent = Stopwatch.GetTimestamp();
                    reply = await cpe.EmptyAsync();
                    while (reply.Status == 200)
                    {
                        string answer;
                        if (reply.Method == "Download")
                        {
                            var key = CommandKeyPattern().Match(reply.Body).Groups[1].Value;
                            Downloads.Enqueue((key, sent));
                            _refused.Add(key);
                            answer = "<cwmp:DownloadResponse><Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>";
                        }
                        else if (reply.Method == "SetParameterValues")
                        {
                            answer = "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>";
                        }
                        else
                        {
                            throw new InvalidOperationException($"unexpected {reply.Method}: {reply.Body}");
                        }
                        sent = Stopwatch.GetTimestamp();
                        reply = await cpe.AnswerAsync(reply, answer);
                    }
                    if (reply.Status != 204)
                    {
                        throw new InvalidOperationException($"session ended with {reply.Status}: {reply.Body}");
                    }
                    Volatile.Write(ref _lastSessionStarted, started);
                    Interlocked.Increment(ref _sessions);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Failure = $"{DeviceId}: {ex.Message}";
                }
            }
        }

        public void Dispose() => cpe.Dispose();

        [GeneratedRegex("<CommandKey>([^<]*)</CommandKey>")]
        private static partial Regex CommandKeyPattern();
    }
}
