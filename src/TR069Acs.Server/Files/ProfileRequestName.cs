using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Server.Files;

/// <summary>
/// A file name asked for under <c>/cfg/</c>: the MAC it contains (<c>spa00562b04dd5b.cfg</c>, <c>00:56:2B:04:DD:5B.xml</c>),
/// its base name without extensions (<c>CP-8841-3PCC</c> for <c>CP-8841-3PCC.xml.gz</c>), and whether it ends in
/// <c>.gz</c>. Names that could reach outside the served namespace (<c>..</c>, backslashes, control characters,
/// encoded slashes) are refused.
/// </summary>
internal sealed record ProfileRequestName(string Name, string? Mac, string BaseName, bool Gzip)
{
    private const int MaxLength = 255;

    /// <summary>Parses the part of the path after <c>/cfg/</c>.</summary>
    public static bool TryParse(string? path, [NotNullWhen(true)] out ProfileRequestName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(path))
        {
            error = "no file name after /cfg/";
            return false;
        }
        if (path.Length > MaxLength)
        {
            error = $"the file name is longer than {MaxLength} characters";
            return false;
        }
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                error = "the file name contains control characters";
                return false;
            }
            if (c is '\\' or '%')
            {
                error = $"the file name contains '{c}'";
                return false;
            }
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                error = "the file name has an empty, '.' or '..' path segment";
                return false;
            }
        }
        var file = path[(path.LastIndexOf('/') + 1)..];
        var gzip = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var stem = gzip ? file[..^3] : file;
        var dot = stem.LastIndexOf('.');
        var baseName = dot > 0 ? stem[..dot] : stem;
        name = new ProfileRequestName(path, Configuration.MacAddress.FindIn(file), baseName, gzip);
        error = null;
        return true;
    }
}
