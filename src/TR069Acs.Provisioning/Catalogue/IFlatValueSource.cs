namespace TR069Acs.Provisioning.Catalogue;

/// <summary>Current flat values of one phone, as the mapping and macro expansion read them.</summary>
public interface IFlatValueSource
{
    /// <summary>The value of <paramref name="parameter"/>, or null when unknown (the factory value is then assumed).</summary>
    string? GetValue(FlatParameter parameter);
}
