using System.Diagnostics;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>
/// Locates and runs the real clients the server is tested with: tftp-hpa's <c>tftp</c> and <c>curl</c> (tftp://).
/// A missing tool skips its tests with a visible reason locally and fails them under CI=true.
/// </summary>
internal static class ExternalTool
{
    public const string Tftp = "tftp";
    public const string Curl = "curl";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
    }

    public static string? Unavailable(string tool) => !OperatingSystem.IsLinux()
        ? $"the {tool} interop tests run on Linux only"
        : Find(tool) is null
            ? $"{tool} is not installed: apt-get install -y {(tool == Tftp ? "tftp-hpa" : tool)}"
            : null;

    /// <summary>Runs the tool to completion (bounded at 60 s); fails the test when it cannot run.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var problem = Unavailable(tool);
        Assert.True(problem is null, $"interop test cannot run under CI=true: {problem}");
        var start = new ProcessStartInfo(Find(tool)!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A fact that needs an external client: skipped with the reason when it is missing, unless CI=true.</summary>
public sealed class ExternalToolFactAttribute : FactAttribute
{
    public ExternalToolFactAttribute(string tool)
    {
        var problem = ExternalTool.Unavailable(tool);
        if (problem is not null && !ExternalTool.IsCi)
        {
            Skip = $"{problem} (under CI=true this test fails instead)";
        }
    }
}
