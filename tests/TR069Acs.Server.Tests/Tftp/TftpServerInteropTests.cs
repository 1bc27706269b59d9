using System.Text;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Real third-party clients against our server: tftp-hpa's <c>tftp</c> (no options) and curl (blksize, tsize).</summary>
public sealed class TftpServerInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tftp-client-").FullName;

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task Tftp_hpa_client_downloads_byte_exact_in_binary_mode()
    {
        await using var server = new TftpServerFixture();
        var files = new Dictionary<string, byte[]>
        {
            ["empty.cfg"] = server.Add("empty.cfg", 0, 1),
            ["exact512.cfg"] = server.Add("exact512.cfg", 512, 2),
            ["spa/profile.xml"] = server.Add("spa/profile.xml", 100_000, 3),
            ["stream/fw.img"] = server.Add("stream/fw.img", 70_001, 4),
        };

        foreach (var (name, content) in files)
        {
            var output = Path.Combine(_directory, Path.GetFileName(name));
            var (exitCode, text) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", server.Port.ToString(), "-m", "binary", "-c", "get", name, output);

            Assert.True(exitCode == 0, $"tftp exited {exitCode}: {text}");
            Assert.Equal(content, await File.ReadAllBytesAsync(output));
        }

        Assert.Equal(files.Count, server.Server.Statistics.TransfersCompleted);
    }

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task Tftp_hpa_client_in_ascii_mode_gets_the_text_back_unchanged()
    {
        await using var server = new TftpServerFixture();

        // Line ends and a bare CR: netascii sends CR LF and CR NUL, the client turns them back.
        var text = "<flat-profile>\n<Resync_Periodic>3600</Resync_Periodic>\r\nbare\rcr\n" + new string('x', 600) + "\n</flat-profile>\n";
        server.Source.Files["basic.txt"] = Encoding.ASCII.GetBytes(text);
        var output = Path.Combine(_directory, "basic.txt");

        var (exitCode, log) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", server.Port.ToString(), "-m", "ascii", "-c", "get", "basic.txt", output);

        Assert.True(exitCode == 0, log);
        Assert.Equal(text, await File.ReadAllTextAsync(output));
    }

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task Tftp_hpa_client_reports_our_not_found_and_read_only_errors()
    {
        await using var server = new TftpServerFixture();
        var local = Path.Combine(_directory, "upload.cfg");
        await File.WriteAllTextAsync(local, "x");

        var (_, get) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", server.Port.ToString(), "-m", "binary", "-c", "get", "missing.cfg", Path.Combine(_directory, "missing.cfg"));
        var (_, put) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", server.Port.ToString(), "-m", "binary", "-c", "put", local, "upload.cfg");

        // tftp-hpa exits 0 either way; it prints the server's ERROR.
        Assert.Contains("Error code 1", get, StringComparison.Ordinal);
        Assert.Contains("Error code 2: read-only server", put, StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Curl)]
    public async Task Curl_negotiates_blksize_and_tsize_and_downloads_byte_exact()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("cfg/0011AABBCCDD.xml", 50_000, 5);
        var output = Path.Combine(_directory, "curl.xml");

        foreach (var blockSize in new[] { "1428", "8192" })
        {
            var (exitCode, log) = await ExternalTool.RunAsync(ExternalTool.Curl, "-sS", "--tftp-blksize", blockSize,
                "-o", output, $"tftp://127.0.0.1:{server.Port}/cfg/0011AABBCCDD.xml");

            Assert.True(exitCode == 0, $"curl exited {exitCode}: {log}");
            Assert.Equal(content, await File.ReadAllBytesAsync(output));
        }
    }

    [ExternalToolFact(ExternalTool.Curl)]
    public async Task Curl_sees_not_found_as_a_tftp_error()
    {
        await using var server = new TftpServerFixture();

        var (exitCode, log) = await ExternalTool.RunAsync(ExternalTool.Curl, "-sS", "-o", Path.Combine(_directory, "x"), $"tftp://127.0.0.1:{server.Port}/nope.cfg");

        // curl exit code 68: "TFTP server: file not found".
        Assert.True(exitCode == 68, $"curl exited {exitCode}: {log}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
