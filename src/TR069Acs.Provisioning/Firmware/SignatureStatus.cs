namespace TR069Acs.Provisioning.Firmware;

/// <summary>The outcome of signature checking for an image that was accepted.</summary>
public enum SignatureStatus
{
    /// <summary>The image carries no signature (and none was required).</summary>
    Unsigned,

    /// <summary>The signature verified with the configured key.</summary>
    Valid,

    /// <summary>The image is signed but no verification key was configured.</summary>
    NotVerified,
}
