namespace TR069Acs.Provisioning.Catalogue;

/// <summary>The parameter catalogue or model table is malformed (a build or deployment error, never user input).</summary>
public sealed class CatalogueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogueException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
