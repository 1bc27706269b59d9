using System.Runtime.InteropServices;

namespace TR069Acs.Cli.Commands;

/// <summary>Files <c>acs serve</c> creates (the database and its WAL, key ring files, firmware images, backups) are readable
/// by the service account only: the process's umask becomes 077, as systemd's <c>UMask=0077</c> in deploy/ sets it too.</summary>
internal static partial class PrivateFiles
{
    /// <summary>Sets the umask to 077 on Unix; nothing elsewhere.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetUmask(0b000_111_111);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
