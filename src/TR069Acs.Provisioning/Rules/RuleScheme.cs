namespace TR069Acs.Provisioning.Rules;

/// <summary>Transfer protocols of profile and upgrade rules.</summary>
public enum RuleScheme
{
    /// <summary>TFTP (RFC 1350), the default when a rule names no scheme; port 69.</summary>
    Tftp,

    /// <summary>HTTP; port 80.</summary>
    Http,

    /// <summary>HTTPS; port 443.</summary>
    Https,
}

/// <summary>Names and default ports of <see cref="RuleScheme"/>.</summary>
public static class RuleSchemes
{
    /// <summary>The lower-case scheme name (<c>$SCHEME</c>).</summary>
    public static string Name(RuleScheme scheme) => scheme switch
    {
        RuleScheme.Http => "http",
        RuleScheme.Https => "https",
        _ => "tftp",
    };

    /// <summary>69, 80 or 443.</summary>
    public static int DefaultPort(RuleScheme scheme) => scheme switch
    {
        RuleScheme.Http => 80,
        RuleScheme.Https => 443,
        _ => 69,
    };

    /// <summary>Parses <c>tftp</c>, <c>http</c> or <c>https</c> (any case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RuleScheme scheme)
    {
        scheme = RuleScheme.Tftp;
        if (text.Equals("tftp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            scheme = RuleScheme.Http;
            return true;
        }

        if (text.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            scheme = RuleScheme.Https;
            return true;
        }

        return false;
    }
}
