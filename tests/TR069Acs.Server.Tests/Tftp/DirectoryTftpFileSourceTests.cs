using System.Net;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

public sealed class DirectoryTftpFileSourceTests : IDisposable
{
    private static readonly IPEndPoint Client = new(IPAddress.Loopback, 50000);
    private readonly string _root = Directory.CreateTempSubdirectory("tftp-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("tftp-outside-").FullName;

    [Fact]
    public async Task Serves_files_below_the_root_with_their_length()
    {
        Directory.CreateDirectory(Path.Combine(_root, "cfg"));
        await File.WriteAllBytesAsync(Path.Combine(_root, "cfg", "a.xml"), [1, 2, 3, 4]);
        var source = new DirectoryTftpFileSource(_root);

        await using var result = await source.OpenAsync("cfg/a.xml", Client, CancellationToken.None);

        Assert.Equal(TftpFileStatus.Found, result.Status);
        Assert.Equal(4, result.Length);
    }

    [Fact]
    public async Task Missing_files_and_directories_are_not_found()
    {
        Directory.CreateDirectory(Path.Combine(_root, "cfg"));
        var source = new DirectoryTftpFileSource(_root);

        await using var missing = await source.OpenAsync("nope.xml", Client, CancellationToken.None);
        await using var directory = await source.OpenAsync("cfg", Client, CancellationToken.None);

        Assert.Equal(TftpFileStatus.NotFound, missing.Status);
        Assert.Equal(TftpFileStatus.NotFound, directory.Status);
    }

    [Fact]
    public async Task Symbolic_link_out_of_the_root_is_denied()
    {
        var secret = Path.Combine(_outside, "secret.key");
        await File.WriteAllTextAsync(secret, "key");
        File.CreateSymbolicLink(Path.Combine(_root, "innocent.cfg"), secret);
        var source = new DirectoryTftpFileSource(_root);

        await using var result = await source.OpenAsync("innocent.cfg", Client, CancellationToken.None);

        Assert.Equal(TftpFileStatus.AccessDenied, result.Status);
    }

    [Fact]
    public async Task Traversal_that_slipped_past_the_name_rules_is_still_denied()
    {
        var source = new DirectoryTftpFileSource(_root);

        await using var result = await source.OpenAsync($"../{Path.GetFileName(_outside)}/x", Client, CancellationToken.None);

        Assert.Equal(TftpFileStatus.AccessDenied, result.Status);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}
