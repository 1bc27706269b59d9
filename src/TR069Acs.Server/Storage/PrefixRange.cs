namespace TR069Acs.Server.Storage;

/// <summary>A prefix as an index-friendly range <c>[Prefix, Prefix + U+10FFFF)</c>: no LIKE, so no wildcard escaping.</summary>
internal static class PrefixRange
{
    // The largest code point; in UTF-8 (F4 8F BF BF) it sorts after every character a parameter path can hold.
    private const string Max = "\U0010FFFF";

    public static string UpperBound(string prefix) => prefix + Max;
}
