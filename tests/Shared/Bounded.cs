using System.Diagnostics;

namespace TR069Acs.Tests.Shared;

/// <summary>Waits with a limit: a test that waits for a process, a stream or a background task fails naming what hung
/// instead of hanging the run (shared by the test projects as a linked source file).</summary>
internal static class Bounded
{
    /// <summary>Waits for <paramref name="process"/> to exit; after <paramref name="seconds"/> kills it (and its children)
    /// and fails naming <paramref name="what"/>.</summary>
    public static async Task ExitAsync(Process process, string what, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Kill(process);
            Assert.Fail($"timed out after {seconds}s waiting for {what} to exit; it was killed");
        }
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> to its end, reading both streams; after
    /// <paramref name="seconds"/> kills it and fails naming the command.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, int seconds = 60)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await ExitAsync(process, $"{file} {string.Join(' ', psi.ArgumentList)}", seconds);
        return (process.ExitCode, await WithinAsync(output, $"the output of {file}", 10), await WithinAsync(error, $"the error output of {file}", 10));
    }

    /// <summary>Awaits <paramref name="task"/> for at most <paramref name="seconds"/>; fails naming <paramref name="what"/>.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string what, int seconds = 30)
    {
        await WithinAsync((Task)task, what, seconds);
        return await task;
    }

    /// <inheritdoc cref="WithinAsync{T}(Task{T}, string, int)"/>
    public static async Task WithinAsync(Task task, string what, int seconds = 30)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"timed out after {seconds}s waiting for {what}");
        }
    }

    /// <summary>Kills the process and its children if it still runs, and waits (bounded) until it is gone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }
}
