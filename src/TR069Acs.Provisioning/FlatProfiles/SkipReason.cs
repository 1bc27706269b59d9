namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>Why a profile entry was not applied.</summary>
public enum SkipReason
{
    /// <summary>No parameter of that name exists.</summary>
    UnknownParameter,

    /// <summary>A per-extension parameter of an extension the model lacks (<c>User_ID_5_</c> on a 4-line phone).</summary>
    MissingExtension,

    /// <summary>The value fails the parameter's validation; the current value stays.</summary>
    InvalidValue,

    /// <summary>A secret given as the export mask (<see cref="FlatProfileWriter.SecretMask"/>); the current secret stays.</summary>
    MaskedSecret,
}
