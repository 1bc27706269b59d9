using System.Diagnostics;
using System.Globalization;
using System.Net;
using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Bench;

/// <summary>
/// The TFTP load run (issue 4 §9: 1,000 concurrent profile transfers complete): our <see cref="TftpServer"/> on
/// loopback serves N distinct per-device profiles from memory, and N <see cref="TftpClient"/> downloads run at once.
/// Every file is checked byte for byte. Prints completed, failed and seconds; exit code 0 only when all completed.
/// </summary>
/// <remarks>
/// <c>TftpLoad.RunAsync(["--transfers", "1000", "--size", "8192", "--blksize", "1428", "--deadline", "120"])</c>.
/// </remarks>
public static class TftpLoad
{
    /// <summary>Runs the load; options <c>--transfers N</c>, <c>--size BYTES</c>, <c>--blksize B</c> (512 = no option), <c>--deadline SECONDS</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var transfers = Arg(args, "--transfers", 1000);
        var size = Arg(args, "--size", 8192);
        var blockSize = Arg(args, "--blksize", 1428);
        var deadline = TimeSpan.FromSeconds(Arg(args, "--deadline", 120));

        var source = new ProfileSource(transfers, size);
        await using var server = new TftpServer(
            new TftpServerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                MaxConcurrentTransfers = transfers + 16,
                // Every client of the run is on 127.0.0.1.
                MaxTransfersPerAddress = transfers + 16,
                NewTransferBurstPerAddress = transfers + 16,
                Timeout = TimeSpan.FromSeconds(1),
                MaxRetries = 5,
            },
            source);
        server.Start();
        var port = server.LocalEndPoint.Port;
        Console.WriteLine($"tftp load: {transfers:N0} concurrent transfers of {size:N0} bytes, blksize {blockSize}, server 127.0.0.1:{port}");

        using var bounded = new CancellationTokenSource(deadline);
        var client = new TftpClientOptions { BlockSize = blockSize, Timeout = TimeSpan.FromSeconds(1), Retries = 5 };
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, transfers).Select(i => DownloadAsync(port, i, source, client, bounded.Token)));
        clock.Stop();

        var completed = results.Count(r => r is null);
        var failures = results.Where(r => r is not null).GroupBy(r => r!).OrderByDescending(g => g.Count()).ToList();
        var stats = server.Statistics;
        Console.WriteLine($"completed: {completed:N0}");
        Console.WriteLine($"failed: {transfers - completed:N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds: {clock.Elapsed.TotalSeconds:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transfers/s: {completed / clock.Elapsed.TotalSeconds:F0}, MB/s: {(double)completed * size / clock.Elapsed.TotalSeconds / 1e6:F1}"));
        Console.WriteLine($"server: started {stats.TransfersStarted:N0}, completed {stats.TransfersCompleted:N0}, retransmissions {stats.Retransmissions:N0}, refused busy {stats.RefusedBusy:N0}");
        foreach (var failure in failures.Take(5))
        {
            Console.WriteLine($"  {failure.Count():N0} × {failure.Key}");
        }

        return completed == transfers ? 0 : 1;
    }

    /// <returns>null when the file arrived intact, else what went wrong.</returns>
    private static async Task<string?> DownloadAsync(int port, int index, ProfileSource source, TftpClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var result = await TftpClient.DownloadAsync("127.0.0.1", port, ProfileSource.Name(index), options, cancellationToken);
            if (!result.Succeeded)
            {
                return result.Outcome + ": " + result.Message;
            }

            return result.Content.AsSpan().SequenceEqual(source.Content(index)) ? null : "content differs";
        }
        catch (OperationCanceledException)
        {
            return "deadline passed";
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>One distinct profile per device, named by MAC as the phones ask for them.</summary>
    private sealed class ProfileSource : ITftpFileSource
    {
        private readonly byte[][] _profiles;

        public ProfileSource(int count, int size)
        {
            _profiles = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                _profiles[i] = new byte[size];
                new Random(i).NextBytes(_profiles[i]);
            }
        }

        public static string Name(int index) => $"cfg/{0x0011AA000000L + index:x12}.xml";

        public ReadOnlySpan<byte> Content(int index) => _profiles[index];

        public ValueTask<TftpFileResult> OpenAsync(string fileName, IPEndPoint remote, CancellationToken cancellationToken)
        {
            var hex = Path.GetFileNameWithoutExtension(fileName);
            var index = long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mac) ? mac - 0x0011AA000000L : -1;
            return ValueTask.FromResult(index >= 0 && index < _profiles.Length
                ? TftpFileResult.FromBytes(_profiles[index])
                : TftpFileResult.NotFound());
        }
    }
}
