namespace TR069Acs.Provisioning.Rules;

/// <summary>A profile or upgrade rule that cannot be parsed or resolved.</summary>
public sealed class ProvisioningRuleException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ProvisioningRuleException(RuleErrorKind kind, string reason, int position = -1, Exception? inner = null)
        : base(position >= 0 ? $"rule: {reason} at position {position}" : $"rule: {reason}", inner)
    {
        Kind = kind;
        Reason = reason;
        Position = position;
    }

    /// <summary>The class of problem.</summary>
    public RuleErrorKind Kind { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>0-based offset in the rule text, or -1 when the problem is in the expanded URL.</summary>
    public int Position { get; }
}
