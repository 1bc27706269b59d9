namespace TR069Acs.Provisioning.Tests.Tftp;

/// <summary>
/// Locates the real tftp-hpa tools (Debian packages tftp-hpa and tftpd-hpa, listed in tests/.apt-packages).
/// Missing tools skip the interop tests with a visible reason locally and fail them under CI=true.
/// </summary>
internal static class TftpHpa
{
    public const string Server = "in.tftpd";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    /// <summary>in.tftpd chroots into the served directory and drops to an unprivileged user: both need root.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Why <paramref name="tool"/> cannot run here, or null when it can.</summary>
    public static string? Unavailable(string tool)
    {
        if (!OperatingSystem.IsLinux())
        {
            return $"{tool} (tftp-hpa) runs on Linux only";
        }

        if (Find(tool) is null)
        {
            return $"{tool} is not installed: apt-get install -y tftp-hpa tftpd-hpa";
        }

        if (tool == Server && !IsRoot)
        {
            return $"{tool} must run as root (it chroots into the served directory and drops to 'nobody')";
        }

        return null;
    }

    /// <summary>The tool's path; fails the test with the reason when it cannot run (only reached under CI).</summary>
    public static string Require(string tool)
    {
        var problem = Unavailable(tool);
        Assert.True(problem is null, $"tftp-hpa interop test cannot run under CI=true: {problem}");
        return Find(tool)!;
    }
}

/// <summary>A fact that needs a tftp-hpa tool: skipped with the reason when it is missing, unless CI=true.</summary>
public sealed class TftpHpaFactAttribute : FactAttribute
{
    public TftpHpaFactAttribute(string tool)
    {
        var problem = TftpHpa.Unavailable(tool);
        if (problem is not null && !TftpHpa.IsCi)
        {
            Skip = $"{problem} (under CI=true this test fails instead)";
        }
    }
}
