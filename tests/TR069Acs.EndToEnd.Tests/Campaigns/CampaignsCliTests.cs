using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary><c>acs campaigns</c> as an operator runs it, against a real ACS and phones: create, watch to the end, list
/// the devices, and the problem detail's text when the API refuses.</summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignsCliTests : IAsyncLifetime
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");
    private AcsInstance _acs = null!;
    private CampaignClient _api = null!;
    private string _apiUrl = null!;

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync();
        _api = new CampaignClient(_acs.Api);
        _apiUrl = _acs.Api.BaseAddress!.ToString();
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Create_then_watch_follows_the_campaign_to_completed_and_exits_0()
    {
        var firmware = await _api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        await using var fleet = new PhoneFleet(FleetLedger.Options(_acs.CwmpUri, "0023EB360000", 20));
        await fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices?limit=1000")).Count == 20, "20 phones to register");

        var create = await RunAsync("campaigns", "create", "--api", _apiUrl, "--token", _acs.Token, "--name", "cli campaign", "--firmware", firmware,
            "--model", "CP-8841-3PCC", "--max-concurrent", "3", "--max-failures", "5", "--confirm-timeout", "60", "--output", "json");
        Assert.True(create.ExitCode == 0, create.ToString());
        var id = CampaignClient.Id(JsonNode.Parse(create.Stdout)!.AsObject());

        // The campaign is held paused until both watchers show it (issue 17: 20 fast phones could otherwise finish before
        // a watcher connects, and the test would depend on how fast the machine is), then resumed.
        using (var pause = await _acs.Api.PostAsync($"api/campaigns/{id}/pause", null))
        {
            Assert.True(pause.IsSuccessStatusCode, await pause.Content.ReadAsStringAsync());
        }
        // One watcher on a terminal (util-linux script gives it a pseudo-terminal), one on a pipe.
        var terminal = Watcher.Start("script", ["-qec", string.Join(' ', new[] { "dotnet", AcsDll, "campaigns", "watch", id, "--api", _apiUrl, "--token", _acs.Token }.Select(a => $"'{a}'")), "/dev/null"]);
        var pipe = Watcher.Start("dotnet", [AcsDll, "campaigns", "watch", id, "--api", _apiUrl, "--token", _acs.Token]);
        try
        {
            await AcsInstance.EventuallyAsync(() => Task.FromResult(terminal.Stdout.Contains("paused ", StringComparison.Ordinal) && pipe.Stdout.Contains(" paused ", StringComparison.Ordinal)),
                "both watchers to show the paused campaign", 60);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Assert.Fail($"{e.Message}\nterminal watcher:\n{terminal.Stdout}\n{terminal.Stderr}\npipe watcher:\n{pipe.Stdout}\n{pipe.Stderr}");
        }
        using (var resume = await _acs.Api.PostAsync($"api/campaigns/{id}/resume", null))
        {
            Assert.True(resume.IsSuccessStatusCode, await resume.Content.ReadAsStringAsync());
        }
        var watch = await pipe.ExitAsync();
        var tty = await terminal.ExitAsync();

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.Contains(" paused ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" running ", StringComparison.Ordinal) && l.Contains("total 20", StringComparison.Ordinal));
        Assert.StartsWith($"campaign {id} completed: 20 succeeded, 0 failed, 0 skipped of 20", lines.Last(l => l.StartsWith("campaign ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain('\r', watch.Stdout);
        // On the terminal the bar is redrawn in place (carriage return, erase line) and the summary follows.
        Assert.True(tty.ExitCode == 0, tty.ToString());
        Assert.Contains("\r", tty.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[K", tty.Stdout, StringComparison.Ordinal);
        Assert.Contains("ETA", tty.Stdout, StringComparison.Ordinal);
        Assert.Contains($"campaign {id} completed: 20 succeeded", tty.Stdout, StringComparison.Ordinal);
        Assert.All(fleet.Phones, p => Assert.Equal(CampaignClient.TargetVersion, p.SoftwareVersion));

        var devices = await RunAsync("campaigns", "devices", id, "--api", _apiUrl, "--token", _acs.Token, "--state", "succeeded");
        Assert.True(devices.ExitCode == 0, devices.ToString());
        Assert.All(fleet.Phones, p => Assert.Contains(p.DeviceId, devices.Stdout, StringComparison.Ordinal));
        var show = await RunAsync("campaigns", "show", id, "--api", _apiUrl, "--token", _acs.Token);
        Assert.Contains("completed", show.Stdout, StringComparison.Ordinal);
        Assert.Contains(CampaignClient.TargetVersion, show.Stdout, StringComparison.Ordinal);

        // Watching a finished campaign answers at once with the same outcome.
        var again = await RunAsync("campaigns", "watch", id, "--api", _apiUrl, "--token", _acs.Token);
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public async Task Watch_of_a_campaign_halted_by_its_stop_rule_exits_3_with_the_reason()
    {
        var firmware = await _api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        var stored = Path.Combine(_acs.DataDirectory, "firmware", firmware);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[^10] ^= 0x5A;
        await File.WriteAllBytesAsync(stored, bytes);
        await using var fleet = new PhoneFleet(FleetLedger.Options(_acs.CwmpUri, "0023EB361000", 10));
        await fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices?limit=1000")).Count == 10, "10 phones to register");
        var id = CampaignClient.Id(await _api.CreateAsync(new
        {
            name = "halts",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent = 1,
            stopRules = new { maxFailures = 2, confirmTimeoutSeconds = 60 },
        }));

        var watch = await RunAsync("campaigns", "watch", id, "--api", _apiUrl, "--token", _acs.Token);

        Assert.True(watch.ExitCode == 3, watch.ToString());
        var campaign = await _api.GetAsync(id);
        Assert.Equal("stopped", CampaignClient.Status(campaign));
        Assert.Contains($"campaign {id} stopped:", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains($"reason: {(string)campaign["stopReason"]!}", watch.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_refusals_are_shown_as_the_problem_detail_text()
    {
        // What the API itself says about an unknown image, next to what the CLI prints for the same request.
        using var direct = await _acs.Api.PostAsJsonAsync("api/campaigns", new
        {
            name = "no such image",
            firmwareId = new string('a', 64),
            selector = new { models = new[] { "CP-8841-3PCC" } },
        });
        Assert.False(direct.IsSuccessStatusCode);
        var problem = JsonNode.Parse(await direct.Content.ReadAsStringAsync())!;
        var detail = (string)problem["detail"]!;
        Assert.StartsWith($"No firmware image with id '{new string('a', 64)}' is stored", detail, StringComparison.Ordinal);

        var create = await RunAsync("campaigns", "create", "--api", _apiUrl, "--token", _acs.Token, "--name", "no such image", "--firmware", new string('a', 64),
            "--model", "CP-8841-3PCC");
        Assert.Equal(1, create.ExitCode);
        Assert.Contains(detail, create.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", create.Stderr, StringComparison.Ordinal);

        var unknown = await RunAsync("campaigns", "watch", "999999", "--api", _apiUrl, "--token", _acs.Token);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("999999", unknown.Stderr, StringComparison.Ordinal);

        var badWindow = await RunAsync("campaigns", "create", "--api", _apiUrl, "--token", _acs.Token, "--name", "x", "--firmware", "y", "--model", "z", "--window", "1-5");
        Assert.Equal(2, badWindow.ExitCode);
        Assert.Contains("--window must be HH:mm-HH:mm", badWindow.Stderr, StringComparison.Ordinal);

        var refused = await RunAsync("campaigns", "resume", "999999", "--api", _apiUrl, "--token", _acs.Token);
        Assert.Equal(1, refused.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(refused.Stderr));

        var unreachable = await RunAsync("campaigns", "list", "--api", "http://127.0.0.1:1/");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot reach the ACS API at http://127.0.0.1:1/", unreachable.Stderr, StringComparison.Ordinal);
    }

    internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>A running <c>acs campaigns watch</c> whose output the test reads while it runs.</summary>
    private sealed class Watcher
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _stdout = new();
        private readonly System.Text.StringBuilder _stderr = new();
        private Task _pumps = Task.CompletedTask;

        private Watcher(Process process) => _process = process;

        public string Stdout
        {
            get
            {
                lock (_stdout)
                {
                    return _stdout.ToString();
                }
            }
        }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public static Watcher Start(string program, string[] args)
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            var watcher = new Watcher(Process.Start(psi)!);
            watcher._pumps = Task.WhenAll(
                PumpAsync(watcher._process.StandardOutput, watcher._stdout),
                PumpAsync(watcher._process.StandardError, watcher._stderr));
            return watcher;
        }

        // Characters, not lines: the terminal watcher redraws its line with \r and never ends it until the summary.
        private static async Task PumpAsync(StreamReader reader, System.Text.StringBuilder into)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (into)
                {
                    into.Append(buffer, 0, read);
                }
            }
        }

        public async Task<CliResult> ExitAsync()
        {
            await Bounded.ExitAsync(_process, "acs campaigns watch", 120);
            await Bounded.WithinAsync(_pumps, "the watcher's output to end", 10);
            lock (_stderr)
            {
                return new CliResult(_process.ExitCode, Stdout, _stderr.ToString());
            }
        }
    }

    /// <summary>Runs the <c>acs</c> executable with stdout and stderr redirected (so, not a terminal), at most 2 minutes.</summary>
    internal static Task<CliResult> RunAsync(params string[] args) => RunProgramAsync("dotnet", [AcsDll, .. args]);

    private static async Task<CliResult> RunProgramAsync(string program, string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not exit within 2 minutes; stdout so far:\n{await stdout}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
