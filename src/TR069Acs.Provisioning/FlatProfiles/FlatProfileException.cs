namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>A profile that is not a well-formed flat profile; none of it may be applied.</summary>
public sealed class FlatProfileException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public FlatProfileException(string reason, int line, int column, Exception? inner = null)
        : base(line > 0 ? $"flat profile, line {line}, column {column}: {reason}" : $"flat profile: {reason}", inner)
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }
}
