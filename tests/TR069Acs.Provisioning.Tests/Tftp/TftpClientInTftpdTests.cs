using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Provisioning.Tests.Tftp;

/// <summary>Our client against the real tftp-hpa server (in.tftpd) on a loopback port.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TftpClientInTftpdTests
{
    private static readonly Dictionary<string, byte[]> Files = new()
    {
        ["empty.cfg"] = [],
        ["exact512.cfg"] = Bytes(512, seed: 1),
        ["exact1428.cfg"] = Bytes(1428, seed: 2),
        ["profile.xml"] = Bytes(100_000, seed: 3),
    };

    [TftpHpaFact(TftpHpa.Server)]
    public async Task Downloads_every_size_with_negotiated_and_plain_block_sizes()
    {
        await using var server = await InTftpdProcess.StartAsync(Files);

        foreach (var blockSize in new[] { 1428, TftpLimits.DefaultBlockSize })
        {
            foreach (var (name, content) in Files)
            {
                var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, name, new TftpClientOptions { BlockSize = blockSize });

                Assert.True(result.Succeeded, $"{name} with blksize {blockSize}: {result}");
                Assert.Equal(content, result.Content);
                Assert.Equal(blockSize, result.Statistics.BlockSize);

                // tftp-hpa acknowledges tsize (and blksize when asked), so every request got an OACK.
                Assert.True(result.Statistics.OptionsAcknowledged);
                Assert.Equal(content.Length, result.Statistics.TransferSize);
            }
        }
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task Missing_file_is_the_distinct_not_found_outcome()
    {
        await using var server = await InTftpdProcess.StartAsync(Files);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "spa-no-such-device.cfg");

        Assert.Equal(TftpDownloadOutcome.NotFound, result.Outcome);
        Assert.Equal(TftpErrorCode.FileNotFound, result.ServerErrorCode);
        Assert.Null(result.Content);
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task File_announced_larger_than_the_limit_is_refused_before_its_data()
    {
        await using var server = await InTftpdProcess.StartAsync(Files);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "profile.xml", new TftpClientOptions { MaxBytes = 10_000 });

        Assert.Equal(TftpDownloadOutcome.TooLarge, result.Outcome);
        Assert.Contains("100000 bytes exceeds the limit of 10000", result.Message, StringComparison.Ordinal);
    }

    [TftpHpaFact(TftpHpa.Server)]
    public async Task Largest_and_smallest_block_sizes_interoperate()
    {
        await using var server = await InTftpdProcess.StartAsync(Files);

        foreach (var blockSize in new[] { 8, 65464 })
        {
            var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "profile.xml", new TftpClientOptions { BlockSize = blockSize });

            Assert.True(result.Succeeded, $"blksize {blockSize}: {result}");
            Assert.Equal(Files["profile.xml"], result.Content);
        }
    }

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
