using System.Globalization;

namespace TR069Acs.Server.Hosting;

/// <summary>The process's file-descriptor budget: the soft "Max open files" limit of <c>/proc/self/limits</c> (the .NET
/// runtime raises the soft limit to the hard one at start, so this is what systemd's <c>LimitNOFILE</c> grants).</summary>
internal static class DescriptorBudget
{
    /// <summary>The budget, or null where it cannot be read (not Linux); <see cref="long.MaxValue"/> when unlimited.</summary>
    public static long? Read(string path = "/proc/self/limits")
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    continue;
                }
                var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                return soft == "unlimited" ? long.MaxValue
                    : long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
