namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 15 §5: <c>./run.sh</c> resolves relative paths against the caller's directory, not the repository.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RunScriptPathTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("acs-runsh-");

    /// <summary>The real run.sh in a copy of the repository's shape whose <c>.build/acs</c> is already "built" (a wrapper
    /// around the tests' acs.dll), so the script's own path handling runs without a publish.</summary>
    private string FakeRepository()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_root.FullName, "repo")).FullName;
        File.Copy(Path.Combine(AcsCli.RepositoryRoot, "run.sh"), Path.Combine(repo, "run.sh"));
        var build = Directory.CreateDirectory(Path.Combine(repo, ".build", "acs")).FullName;
        File.WriteAllText(Path.Combine(build, "acs.dll"), "");
        var wrapper = Path.Combine(build, "acs");
        File.WriteAllText(wrapper, $"#!/usr/bin/env bash\nexec dotnet '{AcsCli.AcsDll}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return repo;
    }

    [Fact]
    public async Task Run_sh_writes_relative_output_paths_into_the_callers_directory()
    {
        var repo = FakeRepository();
        var before = Directory.GetFileSystemEntries(repo, "*", SearchOption.AllDirectories).Order().ToArray();
        var caller = Directory.CreateDirectory(Path.Combine(_root.FullName, "work")).FullName;

        var (exit, output, error) = await AcsCli.RunFileAsync("bash", caller,
            [Path.Combine(repo, "run.sh"), "certs", "ca", "--out-cert", "ca.pem", "--out-key", "ca.key"]);
        Assert.True(exit == 0, $"run.sh certs ca exited {exit}:\n{output}\n{error}");
        var (exit2, output2, error2) = await AcsCli.RunFileAsync("bash", caller,
            [Path.Combine(repo, "run.sh"), "firmware", "pack", "--model", "CP-8841-3PCC", "--version", "sip88xx.12-0-1MPP0001-1", "--out", "fw.loads"]);
        Assert.True(exit2 == 0, $"run.sh firmware pack exited {exit2}:\n{output2}\n{error2}");

        Assert.True(File.Exists(Path.Combine(caller, "ca.pem")), "the CA certificate is not in the caller's directory");
        Assert.True(File.Exists(Path.Combine(caller, "ca.key")), "the CA key is not in the caller's directory");
        Assert.True(File.Exists(Path.Combine(caller, "fw.loads")), "the firmware image is not in the caller's directory");
        Assert.Equal(before, Directory.GetFileSystemEntries(repo, "*", SearchOption.AllDirectories).Order().ToArray());
    }

    [Fact]
    public async Task Run_sh_reads_relative_input_paths_from_the_callers_directory()
    {
        var repo = FakeRepository();
        var caller = Directory.CreateDirectory(Path.Combine(_root.FullName, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(caller, "factory.xml"), "<flat-profile><Proxy_1_>sip.example.net</Proxy_1_></flat-profile>");

        var (exit, output, error) = await AcsCli.RunFileAsync("bash", caller,
            [Path.Combine(repo, "run.sh"), "profile", "encrypt", "--in", "factory.xml", "--key", "lab-key-123", "--out", "factory.cfg"]);

        Assert.True(exit == 0, $"run.sh profile encrypt with a relative --in exited {exit}:\n{output}\n{error}");
        Assert.True(File.Exists(Path.Combine(caller, "factory.cfg")), "the encrypted profile is not in the caller's directory");
        Assert.False(File.Exists(Path.Combine(repo, "factory.cfg")), "the encrypted profile landed in the repository");
    }

    public void Dispose() => _root.Delete(recursive: true);
}
