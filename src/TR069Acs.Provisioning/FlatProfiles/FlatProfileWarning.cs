namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>A problem in a profile that does not stop it from applying (e.g. an invalid <c>ua</c> value).</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record FlatProfileWarning(string Message, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
