namespace TR069Acs.Server.Tftp;

/// <summary>
/// Which requested names the server will pass to its <see cref="ITftpFileSource"/>. A TFTP name is a relative
/// path with <c>/</c> separators; anything that could leave the served tree, or mean something else on another
/// platform, is refused with ERROR 2 before any source sees it.
/// </summary>
public static class TftpFileNameRules
{
    /// <summary>Checks a requested name.</summary>
    /// <param name="requested">The name from the RRQ.</param>
    /// <param name="allowLeadingSlash">Treat one leading <c>/</c> as the root of the tree (see <see cref="TftpServerOptions.AllowLeadingSlash"/>).</param>
    /// <param name="fileName">The name to open (without the allowed leading slash).</param>
    /// <returns>null when acceptable, else the reason for the refusal.</returns>
    public static string? Check(string requested, bool allowLeadingSlash, out string fileName)
    {
        fileName = requested;
        if (requested.Contains('\0', StringComparison.Ordinal))
        {
            return "file name contains NUL";
        }

        if (requested.Any(char.IsControl))
        {
            return "file name contains a control character";
        }

        if (requested.Contains('\\', StringComparison.Ordinal))
        {
            // A backslash is a separator on Windows and an escape elsewhere: never a plain name character here.
            return "file name contains a backslash";
        }

        if (requested.Length >= 2 && char.IsAsciiLetter(requested[0]) && requested[1] == ':')
        {
            return "file name is an absolute path (drive letter)";
        }

        var name = requested;
        if (allowLeadingSlash && name.StartsWith('/') && !name.StartsWith("//", StringComparison.Ordinal))
        {
            name = name[1..];
        }

        if (name.StartsWith('/'))
        {
            return "file name is an absolute path";
        }

        if (name.Length == 0)
        {
            return "file name is empty";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment == "..")
            {
                return "file name leaves the served directory ('..')";
            }

            if (segment.Length == 0 || segment == ".")
            {
                return "file name has an empty or '.' path segment";
            }
        }

        fileName = name;
        return null;
    }
}
