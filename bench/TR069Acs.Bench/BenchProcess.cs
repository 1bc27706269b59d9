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
        => Start(name, acsDll, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>dotnet ACSDLL ARGS</c> with <paramref name="environment"/> added to this process's environment
    /// (settings that must not show in the process list, such as a connection string with its password).</summary>
    public static BenchProcess Start(string name, string acsDll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(acsDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Start(name, psi, environment);
    }

    /// <summary>Starts <paramref name="psi"/> (output redirected and kept) with <paramref name="environment"/> added.</summary>
    public static BenchProcess Start(string name, ProcessStartInfo psi, IReadOnlyDictionary<string, string> environment)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
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
    public double CpuSeconds() => CpuSeconds(Id);

    /// <summary>User plus system CPU seconds of process <paramref name="pid"/>; with <paramref name="withChildren"/> also
    /// of its children, live (their own fields 14 and 15) and exited and reaped (its fields 16 and 17): PostgreSQL's
    /// postmaster and the backend it forks per connection.</summary>
    public static double CpuSeconds(int pid, bool withChildren = false)
    {
        var fields = StatFields(pid);
        var ticks = Ticks(fields, 11) + Ticks(fields, 12);
        if (withChildren)
        {
            ticks += Ticks(fields, 13) + Ticks(fields, 14);
            var parent = pid.ToString(CultureInfo.InvariantCulture);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var child) || child == pid)
                {
                    continue;
                }
                try
                {
                    var childFields = StatFields(child);
                    if (childFields[1] == parent)
                    {
                        ticks += Ticks(childFields, 11) + Ticks(childFields, 12);
                    }
                }
                catch (IOException)
                {
                    // It exited while we looked (its time is now in the parent's children fields).
                }
            }
        }
        return ticks / 100.0;
    }

    // The fields after the command name (field 2 may hold spaces; the fields after its closing parenthesis are plain):
    // [0] is field 3 (state), [1] field 4 (ppid), [11] field 14 (utime) …
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

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
