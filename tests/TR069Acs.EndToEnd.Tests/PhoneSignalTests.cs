using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.EndToEnd.Tests;

/// <summary><c>acs phone</c> stops on SIGTERM (service managers, <c>docker stop</c>) and on SIGINT (Ctrl+C, or
/// <c>kill -INT</c> from a script) within seconds, saving every phone's state, with exit code 0.</summary>
public sealed class PhoneSignalTests
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Acs_phone_stops_on_the_signal_and_saves_its_state(string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;   // POSIX signals
        }
        var state = Directory.CreateTempSubdirectory("phone-signal-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // No ACS listens on the port: the phones keep retrying, as they would while the ACS is down.
        foreach (var a in new[] { AcsDll, "phone", "--acs", $"http://127.0.0.1:{ClosedPort()}/", "--count", "3", "--mac", "0023EB00D000", "--state", state })
        {
            psi.ArgumentList.Add(a);
        }
        using var phone = Process.Start(psi)!;
        var running = new TaskCompletionSource();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        phone.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("running", StringComparison.Ordinal))
                {
                    running.TrySetResult();
                }
            }
        };
        phone.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        phone.BeginOutputReadLine();
        phone.BeginErrorReadLine();
        try
        {
            await Bounded.WithinAsync(running.Task, "acs phone to say it is running", 60);

            var (killed, _, killError) = await Bounded.RunAsync("kill", [$"-{signal}", phone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(killed == 0, killError);
            await Bounded.ExitAsync(phone, $"acs phone after SIG{signal}", 20);

            Assert.True(phone.ExitCode == 0, $"exit code {phone.ExitCode}:\n{string.Join('\n', output)}");
            Assert.Contains(output, l => l.Contains("saving the phones' state", StringComparison.Ordinal));
            Assert.Equal(3, Directory.GetFiles(state, "phone-*.json").Length);
        }
        finally
        {
            Bounded.Kill(phone);
            Directory.Delete(state, recursive: true);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
