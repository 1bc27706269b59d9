namespace TR069Acs.Provisioning.Intervals;

/// <summary>A resync interval or daily time that does not follow the documented formats.</summary>
public sealed class IntervalFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public IntervalFormatException(string message) : base(message)
    {
    }
}
