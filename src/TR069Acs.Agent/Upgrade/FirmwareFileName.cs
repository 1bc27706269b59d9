namespace TR069Acs.Agent.Upgrade;

/// <summary>Which SoftwareVersion a firmware file not in our image format installs (a vendor's opaque load): the
/// version is read from the file name: TargetFileName when it looks like a version, otherwise the last
/// segment of the URL, each without its extension (<c>sip88xx.12-0-2-0001-1.loads</c> → <c>sip88xx.12-0-2-0001-1</c>).</summary>
internal static class FirmwareFileName
{
    private const int MaxLength = 64;

    /// <summary>The version, or null when neither name looks like one.</summary>
    public static string? FromDownload(string targetFileName, Uri url)
    {
        var fromTarget = Candidate(Path.GetFileName(targetFileName.Replace('\\', '/')));
        if (fromTarget is not null)
        {
            return fromTarget;
        }
        var segment = url.Segments.Length > 0 ? Uri.UnescapeDataString(url.Segments[^1]) : "";
        return Candidate(segment);
    }

    private static string? Candidate(string fileName)
    {
        var name = StripExtension(fileName.Trim());
        return LooksLikeVersion(name) ? name : null;
    }

    /// <summary>Removes a trailing ".letters" extension; a dotted part with digits (".12-0-2") is part of the version.</summary>
    private static string StripExtension(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return name;
        }
        var extension = name.AsSpan(dot + 1);
        return extension.Length is > 0 and <= 6 && !extension.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            ? name[..dot]
            : name;
    }

    private static bool LooksLikeVersion(string name)
        => name.Length is > 0 and <= MaxLength
            && name.AsSpan().ContainsAnyInRange('0', '9')
            && !name.AsSpan().ContainsAnyExcept("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_");
}
