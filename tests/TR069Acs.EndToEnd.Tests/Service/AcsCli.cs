using System.Diagnostics;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Runs the <c>acs</c> executable (or a script) as an operator would: from a working directory of the test's
/// choosing, both streams read, bounded in time.</summary>
internal static class AcsCli
{
    /// <summary>The acs entry assembly next to the tests.</summary>
    public static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");

    /// <summary>The repository root (where run.sh lives), found upwards from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "run.sh")))
            {
                directory = directory.Parent;
            }
            return directory?.FullName ?? throw new InvalidOperationException("run.sh not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Runs <c>dotnet acs.dll ARGS</c> in <paramref name="workingDirectory"/>.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments)
        => RunFileAsync("dotnet", workingDirectory, [AcsDll, .. arguments]);

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunFileAsync(
        string file, string workingDirectory, IEnumerable<string> arguments, int seconds = 90, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await Bounded.ExitAsync(process, $"{file} {string.Join(' ', psi.ArgumentList)}", seconds);
        return (process.ExitCode, await Bounded.WithinAsync(output, "the output of " + file, 10), await Bounded.WithinAsync(error, "the error output of " + file, 10));
    }
}
