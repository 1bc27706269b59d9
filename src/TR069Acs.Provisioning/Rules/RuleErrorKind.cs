namespace TR069Acs.Provisioning.Rules;

/// <summary>What is wrong with a profile or upgrade rule.</summary>
public enum RuleErrorKind
{
    /// <summary>The rule text does not follow <c>( cond )? [options] url</c>.</summary>
    Syntax,

    /// <summary>The URL (after macro expansion) is not <c>[scheme://][server[:port]]/path</c> with a supported scheme.</summary>
    Url,

    /// <summary>The URL names no server and no DHCP-provided TFTP server is known.</summary>
    NoServer,
}
