namespace TR069Acs.Provisioning.Mapping;

/// <summary>
/// The flat writes of one SetParameterValues. TR-069 A.3.2.1 makes the call atomic: apply
/// <see cref="Assignments"/> only when <see cref="Errors"/> is empty, else fault every listed parameter.
/// </summary>
/// <param name="Assignments">One final value per flat parameter, in first-written order.</param>
/// <param name="Errors">Per-parameter failures.</param>
public sealed record SetTranslation(IReadOnlyList<FlatAssignment> Assignments, IReadOnlyList<MappingError> Errors)
{
    /// <summary>True when every value translated.</summary>
    public bool Succeeded => Errors.Count == 0;
}
