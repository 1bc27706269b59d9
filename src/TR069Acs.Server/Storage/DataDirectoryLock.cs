namespace TR069Acs.Server.Storage;

/// <summary>The lock an <c>acs serve</c> holds on its data directory (<c>DATA/acs.lock</c>, an exclusive advisory lock the
/// kernel releases when the process ends, even by SIGKILL): a second server on the same directory, and a restore under a
/// running server, are refused naming the holder.</summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name inside the data directory.</summary>
    public const string FileName = "acs.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="dataDirectory"/> (created private if missing) and writes this process's id
    /// into it; null when another process holds it.</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        AcsDatabase.CreatePrivateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            // FileShare.None is an exclusive flock() on Unix.
            var stream = new FileStream(Path.Combine(directory, FileName), options);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush();
            return new DataDirectoryLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
