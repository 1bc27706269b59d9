using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Our client against our server, with and without options.</summary>
public sealed class TftpServerClientTests
{
    private static readonly TftpClientOptions Client = new() { Timeout = TimeSpan.FromSeconds(1), Retries = 3 };

    [Theory]
    [InlineData(512, 0)]
    [InlineData(512, 512)]
    [InlineData(512, 1024)]
    [InlineData(1428, 100_000)]
    [InlineData(1428, 1428 * 3)]
    [InlineData(8, 1000)]
    [InlineData(16384, 70_000)]
    public async Task Downloads_are_byte_exact_for_every_block_size_and_boundary(int blockSize, int length)
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("profile.cfg", length, length);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "profile.cfg", Client with { BlockSize = blockSize });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
        Assert.Equal(blockSize, result.Statistics.BlockSize);
        Assert.Equal(length, result.Statistics.TransferSize);
    }

    [Fact]
    public async Task Block_size_above_the_server_limit_is_lowered_not_refused()
    {
        await using var server = new TftpServerFixture(o => o.MaxBlockSize = 4096);
        var content = server.Add("fw.img", 20_000, 1);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "fw.img", Client with { BlockSize = 65464 });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
        Assert.Equal(4096, result.Statistics.BlockSize);
    }

    [Fact]
    public async Task Stream_sources_are_served_block_by_block()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("stream/image.bin", 123_457, 9);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "stream/image.bin", Client);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
    }

    [Fact]
    public async Task Block_numbers_wrap_past_65535()
    {
        await using var server = new TftpServerFixture();

        // 8-byte blocks: 66,000 blocks, so the block number wraps to 0 once.
        var content = server.Add("long.bin", 8 * 66_000 - 3, 11);

        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "long.bin", Client with { BlockSize = 8 });

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
    }

    [Fact]
    public async Task Not_found_and_access_denied_from_the_source_reach_the_client()
    {
        await using var server = new TftpServerFixture();

        var missing = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "SEP001122334455.cnf.xml", Client);
        var denied = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "secret/keys.cfg", Client);

        Assert.Equal(TftpDownloadOutcome.NotFound, missing.Outcome);
        Assert.Equal(TftpDownloadOutcome.ServerError, denied.Outcome);
        Assert.Equal(TftpErrorCode.AccessViolation, denied.ServerErrorCode);
        Assert.Equal("not for you", denied.Message);
        Assert.Equal(1, server.Server.Statistics.NotFound);
    }

    [Fact]
    public async Task Failing_source_answers_error_0_and_the_server_keeps_serving()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("ok.cfg", 10, 1);

        var failed = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "throws.cfg", Client);
        var next = await TftpClient.DownloadAsync("127.0.0.1", server.Port, "ok.cfg", Client);

        Assert.Equal(TftpDownloadOutcome.ServerError, failed.Outcome);
        Assert.Equal(TftpErrorCode.NotDefined, failed.ServerErrorCode);
        Assert.Equal(content, next.Content);
    }

    [Fact]
    public async Task Leading_slash_is_refused_by_default_and_served_when_allowed()
    {
        await using var strict = new TftpServerFixture();
        await using var lenient = new TftpServerFixture(o => o.AllowLeadingSlash = true);
        strict.Add("spa504G.cfg", 5, 1);
        var content = lenient.Add("spa504G.cfg", 5, 1);

        var refused = await TftpClient.DownloadAsync("127.0.0.1", strict.Port, "/spa504G.cfg", Client);
        var served = await TftpClient.DownloadAsync("127.0.0.1", lenient.Port, "/spa504G.cfg", Client);

        Assert.Equal(TftpErrorCode.AccessViolation, refused.ServerErrorCode);
        Assert.Contains("absolute path", refused.Message, StringComparison.Ordinal);
        Assert.Equal(content, served.Content);
        Assert.Equal("spa504G.cfg", lenient.Source.Requested.Single());
    }

    [Fact]
    public async Task Two_hundred_concurrent_transfers_complete_byte_exact()
    {
        await using var server = new TftpServerFixture(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            // All 200 clients are on 127.0.0.1: the per-address cap (32 by default) and new-transfer burst (64) would refuse
            // most of them.
            o.MaxTransfersPerAddress = 200;
            o.NewTransferBurstPerAddress = 200;
        });
        var contents = Enumerable.Range(0, 200).Select(i => server.Add($"cfg/{i:D3}.xml", 4_000 + (i * 97), i)).ToArray();
        var options = Client with { Timeout = TimeSpan.FromSeconds(1), Retries = 5 };

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            TftpClient.DownloadAsync("127.0.0.1", server.Port, $"cfg/{i:D3}.xml", options with { BlockSize = i % 2 == 0 ? 512 : 1428 })));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Succeeded, $"transfer {i}: {results[i]}");
            Assert.Equal(contents[i], results[i].Content);
        }

        Assert.Equal(200, server.Server.Statistics.TransfersStarted);
    }

    [Fact]
    public async Task Hosted_service_binds_port_0_and_serves_until_stopped()
    {
        var source = new MemoryFileSource();
        source.Files["a.cfg"] = [1, 2, 3];
        await using var service = new TftpServerHostedService(
            new TftpServerOptions { EndPoint = new(System.Net.IPAddress.Loopback, 0) }, source);

        await service.StartAsync(CancellationToken.None);
        var port = service.Server.LocalEndPoint.Port;
        var served = await TftpClient.DownloadAsync("127.0.0.1", port, "a.cfg", Client);
        await service.StopAsync(CancellationToken.None);
        var afterStop = await TftpClient.DownloadAsync("127.0.0.1", port, "a.cfg", Client with { Timeout = TimeSpan.FromMilliseconds(100), Retries = 1 });

        Assert.NotEqual(0, port);
        Assert.Equal([1, 2, 3], served.Content);
        Assert.Equal(TftpDownloadOutcome.Timeout, afterStop.Outcome);
    }
}
