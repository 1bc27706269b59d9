using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using TR069Acs.EndToEnd.Tests.Service;

namespace TR069Acs.EndToEnd.Tests.Documentation;

/// <summary>Issue 15 §4: the README runs as written. Every fenced block whose info string is <c>sh runnable</c> is run with
/// bash, in README order, in one working directory holding a copy of <c>examples/</c>, against a fresh <c>acs serve</c> on
/// free loopback ports (the blocks read them from <c>$API</c>, <c>$CWMP</c>, <c>$FILES</c>; variables a block sets carry
/// on to the next, as in one terminal). A block that fails, fails this test with its text and its output.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ReadmeTests : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-readme-");
    private readonly List<int> _sessions = [];
    private Process? _server;
    private readonly StringBuilder _serverLog = new();

    /// <summary>The runnable blocks of the README, in order, each with the line it starts on.</summary>
    internal static IReadOnlyList<(int Line, string Text)> RunnableBlocks(string markdown)
    {
        var blocks = new List<(int, string)>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```sh runnable")
            {
                continue;
            }
            var start = i + 1;
            var text = new StringBuilder();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                text.Append(lines[i]).Append('\n');
            }
            blocks.Add((start + 1, text.ToString()));
        }
        return blocks;
    }

    [Fact]
    public async Task Every_runnable_README_block_runs_as_written_in_order()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(AcsCli.RepositoryRoot, "README.md"));
        var blocks = RunnableBlocks(readme);
        Assert.True(blocks.Count >= 5, $"the README marks only {blocks.Count} blocks runnable");

        var (api, cwmp, files) = await StartServerAsync();
        var bin = Directory.CreateDirectory(Path.Combine(_work.FullName, ".bin")).FullName;
        var acs = Path.Combine(bin, "acs");
        await File.WriteAllTextAsync(acs, $"#!/usr/bin/env bash\nexec dotnet '{AcsCli.AcsDll}' \"$@\"\n");
        File.SetUnixFileMode(acs, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var state = Path.Combine(bin, "state.sh");
        await File.WriteAllTextAsync(state, $"export API={api}api CWMP={cwmp} FILES={files} PATH={bin}:$PATH\n");

        foreach (var (line, text) in blocks)
        {
            // set -a: what the block assigns is exported, and written for the next block (one terminal, block after block).
            var script = Path.Combine(bin, $"block-{line}.sh");
            await File.WriteAllTextAsync(script,
                $"set -a\nsource '{state}'\nset -eo pipefail\ncd '{_work.FullName}'\n{text}\nset +e\nexport -p | grep -v -E '^declare -x (BASH|SHELL|SHLVL|_)' > '{state}.next'\n");
            var psi = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work.FullName };
            psi.ArgumentList.Add("bash");
            psi.ArgumentList.Add(script);
            using var process = Process.Start(psi)!;
            _sessions.Add(process.Id);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(180)));
            var exited = process.HasExited;
            if (!exited)
            {
                Bounded.Kill(process);
            }
            var stdout = await Bounded.WithinAsync(output, "the block's output", 30);
            var stderr = await Bounded.WithinAsync(error, "the block's error output", 30);
            Assert.True(exited && process.ExitCode == 0,
                $"README.md line {line}: the block {(exited ? $"exited {process.ExitCode}" : "did not finish within 180 s")}:\n{text}\n"
                + $"--- stdout\n{Tail(stdout)}\n--- stderr\n{Tail(stderr)}\n--- acs serve\n{Tail(ServerLog())}{Logs()}");
            File.Move(state + ".next", state, overwrite: true);
        }
    }

    [Fact]
    public void Blocks_that_need_a_real_phone_or_a_second_machine_say_so_and_are_not_marked_runnable()
    {
        var readme = File.ReadAllText(Path.Combine(AcsCli.RepositoryRoot, "README.md"));
        foreach (var (line, text) in RunnableBlocks(readme))
        {
            Assert.False(Placeholder().IsMatch(text), $"README.md line {line}: a runnable block holds a placeholder:\n{text}");
            Assert.DoesNotContain("./run.sh", text, StringComparison.Ordinal); // runnable blocks call acs (README: alias acs=./run.sh)
            Assert.DoesNotContain("open http", text, StringComparison.Ordinal); // macOS only
        }
    }

    [GeneratedRegex(@"<(sha256|id|token|ID|TOKEN)>|…")]
    private static partial Regex Placeholder();

    private async Task<(string Api, string Cwmp, string Files)> StartServerAsync()
    {
        int Free()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var (cwmp, apiPort, files) = (Free(), Free(), Free());
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work.FullName };
        foreach (var a in new[]
                 {
                     AcsCli.AcsDll, "serve", "--data", "data", "--Acs:ListenAddress", "127.0.0.1", "--Acs:CwmpPort", $"{cwmp}",
                     "--Acs:ApiPort", $"{apiPort}", "--Acs:FilesPort", $"{files}", "--Acs:FilesTlsPort", "0", "--tftp-port", "0",
                     "--syslog-port", "0", "--Logging:LogLevel:Default", "Warning",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        _server = Process.Start(psi)!;
        _server.OutputDataReceived += (_, e) => Keep(e.Data);
        _server.ErrorDataReceived += (_, e) => Keep(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        await Eventually.TrueAsync(async () =>
        {
            if (_server.HasExited)
            {
                Assert.Fail($"acs serve exited:\n{ServerLog()}");
            }
            try
            {
                using var health = await http.GetAsync("api/health");
                return health.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "acs serve to answer", 60);
        CopyDirectory(Path.Combine(AcsCli.RepositoryRoot, "examples"), Path.Combine(_work.FullName, "examples"));
        return ($"http://127.0.0.1:{apiPort}/", $"http://127.0.0.1:{cwmp}/", $"http://127.0.0.1:{files}");
    }

    /// <summary>What acs serve wrote so far (the output handlers append to it on other threads).</summary>
    private string ServerLog()
    {
        lock (_serverLog)
        {
            return _serverLog.ToString();
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_serverLog)
            {
                _serverLog.AppendLine(line);
            }
        }
    }

    // What background commands of the blocks logged (the emulated phones' *.log).
    private string Logs() => string.Concat(Directory.GetFiles(_work.FullName, "*.log")
        .Select(f => $"\n--- {Path.GetFileName(f)}\n{Tail(File.ReadAllText(f))}"));

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Whatever a block left running in the background (an emulated phone) goes with its session.
        foreach (var session in _sessions)
        {
            using var kill = Process.Start("kill", ["-TERM", "--", $"-{session}"]);
            await kill.WaitForExitAsync();
        }
        if (_server is { HasExited: false })
        {
            Bounded.Kill(_server);
        }
        _server?.Dispose();
        _work.Delete(recursive: true);
    }
}
