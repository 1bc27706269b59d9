using System.Net;
using System.Net.Sockets;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Agent.Transfers;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Transfers;

/// <summary>The fault codes of file transfers against a real loopback server.</summary>
public sealed class FileTransferClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private ScriptedAcs _server = null!;

    private FileTransferClient Client => new(_http, TimeSpan.FromSeconds(10));

    public async Task InitializeAsync()
    {
        _server = await ScriptedAcs.StartAsync();
        _server.Files["image.loads"] = [1, 2, 3, 4, 5];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_file_of_the_announced_size_is_fetched()
    {
        var result = await Client.DownloadAsync(_server.FileUrl("image.loads"), "", "", 5, keepContent: true, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([1, 2, 3, 4, 5], result.Content);
    }

    [Fact]
    public async Task A_small_firmware_image_is_kept_for_verification()
    {
        var result = await Client.DownloadAsync(_server.FileUrl("image.loads"), "", "", 0, keepContent: false, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([1, 2, 3, 4, 5], result.Content);
        Assert.Equal(5, result.Length);
    }

    [Fact]
    public async Task A_size_mismatch_is_a_corrupted_file()
        => Assert.Equal(FaultCodes.DownloadFailureFileCorrupted,
            (await Client.DownloadAsync(_server.FileUrl("image.loads"), "", "", 6, false, CancellationToken.None)).Fault.FaultCode);

    [Fact]
    public async Task A_missing_file_is_9016()
        => Assert.Equal(FaultCodes.DownloadFailureAccessFile,
            (await Client.DownloadAsync(_server.FileUrl("nope.loads"), "", "", 0, false, CancellationToken.None)).Fault.FaultCode);

    [Fact]
    public async Task Credentials_answer_a_digest_challenge_and_wrong_ones_are_9012()
    {
        _server.FileCredentials = ("user", "pass");

        var right = await Client.DownloadAsync(_server.FileUrl("image.loads"), "user", "pass", 5, false, CancellationToken.None);
        var wrong = await Client.DownloadAsync(_server.FileUrl("image.loads"), "user", "nope", 5, false, CancellationToken.None);
        var none = await Client.DownloadAsync(_server.FileUrl("image.loads"), "", "", 5, false, CancellationToken.None);

        Assert.True(right.Succeeded, right.Fault.FaultString);
        Assert.Equal(FaultCodes.FileTransferAuthenticationFailure, wrong.Fault.FaultCode);
        Assert.Equal(FaultCodes.FileTransferAuthenticationFailure, none.Fault.FaultCode);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_9015()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();   // nothing listens there now

        var result = await Client.DownloadAsync(new Uri($"http://127.0.0.1:{port}/image.loads"), "", "", 0, false, CancellationToken.None);

        Assert.Equal(FaultCodes.DownloadFailureContactServer, result.Fault.FaultCode);
    }

    [Fact]
    public async Task Other_server_errors_are_9010()
    {
        _server.Script = _ => Task.FromResult<AcsReply?>(new AcsReply(500));

        var result = await Client.DownloadAsync(_server.Url, "", "", 0, false, CancellationToken.None);

        Assert.Equal(FaultCodes.DownloadFailure, result.Fault.FaultCode);
    }

    [Fact]
    public async Task Other_protocols_are_9013()
        => Assert.Equal(FaultCodes.UnsupportedTransferProtocol,
            (await Client.DownloadAsync(new Uri("tftp://127.0.0.1/image.loads"), "", "", 0, false, CancellationToken.None)).Fault.FaultCode);

    [Fact]
    public async Task An_upload_is_an_http_put()
    {
        var fault = await Client.UploadAsync(new Uri(_server.Url, "/upload/log.txt"), "", "", "hello"u8.ToArray(), "text/plain", CancellationToken.None);

        Assert.Equal(FaultStruct.None, fault);
        Assert.Equal("hello"u8.ToArray(), _server.Uploads["log.txt"].Body);
    }
}
