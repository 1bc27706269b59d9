using System.Diagnostics;

namespace TR069Acs.Server.Tests.Files;

/// <summary>Runs a real command-line tool (openssl, gzip) on a file, bounded at 30 s; returns its exit code and stdout bytes.</summary>
internal static class RealTool
{
    public static async Task<(int ExitCode, byte[] Output, string Error)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started");
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return (process.ExitCode, output.ToArray(), await error);
    }

    /// <summary>Writes <paramref name="bytes"/> to a temporary file, runs the tool on it, deletes the file.</summary>
    public static async Task<byte[]> OnFileAsync(byte[] bytes, string tool, Func<string, string[]> arguments)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var (exit, output, error) = await RunAsync(tool, arguments(path));
            Assert.True(exit == 0, $"{tool} exited {exit}: {error}");
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
