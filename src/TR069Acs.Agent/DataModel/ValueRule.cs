namespace TR069Acs.Agent.DataModel;

/// <summary>Constraints on a parameter's value beyond its type (TR-106 "string(64)", "unsignedInt[1:]", enumerations).</summary>
/// <param name="MaxLength">Longest string accepted.</param>
/// <param name="Min">Smallest integer accepted.</param>
/// <param name="Max">Largest integer accepted.</param>
/// <param name="Enumeration">The only values accepted, compared ordinally.</param>
/// <param name="HttpUrl">The value must be an absolute http or https URL.</param>
internal sealed record ValueRule(
    int? MaxLength = null,
    long? Min = null,
    long? Max = null,
    IReadOnlyList<string>? Enumeration = null,
    bool HttpUrl = false);
