namespace TR069Acs.Provisioning.Mapping;

/// <summary>Why a TR-069 name or value could not be translated.</summary>
public enum MappingErrorKind
{
    /// <summary>No such parameter on this model (CWMP fault 9005 Invalid parameter name).</summary>
    UnknownParameter,

    /// <summary>The value does not convert or fails the flat parameter's validation (CWMP fault 9007 Invalid parameter value).</summary>
    InvalidValue,
}

/// <summary>A translation failure for one parameter.</summary>
/// <param name="Path">The TR-069 path or name concerned.</param>
/// <param name="Kind">The class of failure.</param>
/// <param name="Message">What is wrong, phrased for an operator.</param>
public sealed record MappingError(string Path, MappingErrorKind Kind, string Message);
