using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Bench;

/// <summary>A child process of the campaign run (<c>acs serve</c> or <c>acs phone</c>) with its CPU time and memory
/// read from /proc, and its output kept for a failure message.</summary>
internal sealed class BenchProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private bool _disposed;

    private BenchProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static BenchProcess Start(string name, string acsDll, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(acsDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        var started = new BenchProcess(name, process);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>User plus system CPU seconds so far (<c>/proc/PID/stat</c> fields 14 and 15, in clock ticks of 1/100 s,
    /// the USER_HZ every Linux build reports).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Peak resident set size (VmHWM) in MB.</summary>
    public double PeakRssMegabytes() => StatusKilobytes("VmHWM:") / 1024.0;

    /// <summary>Resident set size now (VmRSS) in MB.</summary>
    public double RssMegabytes() => StatusKilobytes("VmRSS:") / 1024.0;

    public string RecentOutput()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.Select(l => $"[{Name}] {l}"));
        }
    }

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > 30)
            {
                _lines.Dequeue();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; fails when this process exits first (an HTTP
    /// error counts as "not yet").</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while waiting for {what}:\n{RecentOutput()}");
            }
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250, cancellationToken);
        }
    }
}
