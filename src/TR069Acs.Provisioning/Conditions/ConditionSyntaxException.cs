namespace TR069Acs.Provisioning.Conditions;

/// <summary>A condition that does not follow the grammar; <see cref="Position"/> is where parsing stopped.</summary>
public sealed class ConditionSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ConditionSyntaxException(string reason, int position)
        : base($"condition: {reason} at position {position}")
    {
        Reason = reason;
        Position = position;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>0-based character offset in the condition text.</summary>
    public int Position { get; }
}
