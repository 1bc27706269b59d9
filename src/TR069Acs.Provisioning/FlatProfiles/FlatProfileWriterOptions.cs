using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>How <see cref="FlatProfileWriter"/> writes a profile.</summary>
public sealed record FlatProfileWriterOptions
{
    /// <summary>Wrap the profile in <c>&lt;device&gt;</c>, as the phones' cfg.xml does.</summary>
    public bool DeviceWrapper { get; init; }

    /// <summary>Write the <c>ua</c> attribute of every parameter.</summary>
    public bool IncludeUserAccess { get; init; } = true;

    /// <summary>Write secrets as <see cref="FlatProfileWriter.SecretMask"/> (the web export without the admin password).</summary>
    public bool MaskSecrets { get; init; } = true;

    /// <summary>Write only values that differ from the factory values (a compact profile).</summary>
    public bool OnlyChanged { get; init; }

    /// <summary>Write a comment before each tab's parameters (<c>&lt;!-- Provisioning --&gt;</c>).</summary>
    public bool TabComments { get; init; } = true;

    /// <summary>Catalogue used to tell secrets when writing plain entries; the embedded one when null.</summary>
    public ParameterCatalogue? Catalogue { get; init; }

    /// <summary>The defaults: masked secrets, <c>ua</c> attributes, tab comments, no wrapper.</summary>
    public static FlatProfileWriterOptions Default { get; } = new();
}
