using System.Diagnostics;

namespace TR069Acs.Provisioning.Tests.Support;

/// <summary>Runs a real command-line tool (openssl, gzip) with bounded time, feeding stdin and capturing stdout.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] Output, string Error);

    public static Result Run(string program, IEnumerable<string> arguments, byte[]? input = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 30 s");
        }

        copy.Wait(TimeSpan.FromSeconds(5));
        return new Result(process.ExitCode, output.ToArray(), error.Result);
    }

    public static byte[] RunOk(string program, IEnumerable<string> arguments, byte[]? input = null)
    {
        var result = Run(program, arguments, input);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}");
        return result.Output;
    }
}
