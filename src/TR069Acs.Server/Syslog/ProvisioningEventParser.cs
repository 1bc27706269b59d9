namespace TR069Acs.Server.Syslog;

/// <summary>
/// Reads the resync/upgrade event from a phone's syslog text, worded as the default <c>Log_*_Msg</c> templates word
/// it (schemas/phone/catalogue.json, after the seeds): <c>$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH</c>,
/// <c>… -- Successful resync …</c>, <c>… -- Resync failed: $ERR</c>, and <c>Requesting upgrade</c>,
/// <c>Successful upgrade</c>, <c>Upgrade failed</c> for firmware. The phrases are matched case-insensitively
/// wherever they stand, so a template that reorders or prefixes them still reads; other text is no event.
/// </summary>
public static class ProvisioningEventParser
{
    private const int MaxUrlLength = 2048;
    private const int MaxErrorLength = 1024;

    private static readonly (string Phrase, ProvisioningEventKind Kind)[] _phrases =
    [
        ("requesting resync", ProvisioningEventKind.ResyncRequest),
        ("successful resync", ProvisioningEventKind.ResyncSuccess),
        ("resync failed", ProvisioningEventKind.ResyncFailure),
        ("requesting upgrade", ProvisioningEventKind.UpgradeRequest),
        ("successful upgrade", ProvisioningEventKind.UpgradeSuccess),
        ("upgrade failed", ProvisioningEventKind.UpgradeFailure),
    ];

    /// <summary>The event the text reports, or null when it reports none.</summary>
    public static ProvisioningEvent? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        // The earliest phrase wins: the $ERR after "Resync failed:" may quote anything, even another phrase.
        var best = -1;
        var kind = default(ProvisioningEventKind);
        var length = 0;
        foreach (var (phrase, phraseKind) in _phrases)
        {
            var at = FindWord(text, phrase);
            if (at >= 0 && (best < 0 || at < best))
            {
                (best, kind, length) = (at, phraseKind, phrase.Length);
            }
        }
        if (best < 0)
        {
            return null;
        }
        var rest = text.AsSpan(best + length);
        return kind switch
        {
            ProvisioningEventKind.ResyncFailure or ProvisioningEventKind.UpgradeFailure => new ProvisioningEvent(kind, null, Error(rest)),
            // "Successful upgrade URL -- $ERR": $ERR is empty after a success, or a note worth keeping.
            ProvisioningEventKind.UpgradeSuccess => new ProvisioningEvent(kind, Url(rest, out var after), Note(after)),
            _ => new ProvisioningEvent(kind, Url(rest, out _), null),
        };
    }

    private static int FindWord(string text, string phrase)
    {
        for (var from = 0; from <= text.Length - phrase.Length;)
        {
            var at = text.IndexOf(phrase, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }
            var end = at + phrase.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return at;
            }
            from = at + 1;
        }
        return -1;
    }

    // The URL is the next word when it looks like one ("tftp://…", "/cfg/…"); the rest follows it.
    private static string? Url(ReadOnlySpan<char> rest, out ReadOnlySpan<char> after)
    {
        rest = rest.TrimStart();
        var end = rest.IndexOfAny(' ', '\t');
        var word = end < 0 ? rest : rest[..end];
        after = end < 0 ? [] : rest[end..];
        return word.Length > 0 && word.Length <= MaxUrlLength && (word.Contains("://", StringComparison.Ordinal) || word[0] == '/')
            ? word.ToString()
            : null;
    }

    private static string? Error(ReadOnlySpan<char> rest)
    {
        var text = rest.TrimStart(" \t:-").TrimEnd();
        return text.IsEmpty ? null : Limit(text);
    }

    private static string? Note(ReadOnlySpan<char> after)
    {
        var text = after.Trim().TrimStart("-–").Trim();
        return text.IsEmpty ? null : Limit(text);
    }

    private static string Limit(ReadOnlySpan<char> text) => (text.Length > MaxErrorLength ? text[..MaxErrorLength] : text).ToString();
}
