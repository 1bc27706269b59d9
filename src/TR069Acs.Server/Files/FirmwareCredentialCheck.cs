namespace TR069Acs.Server.Files;

/// <summary>What <see cref="FirmwareCredentialStore.CheckAsync"/> found for a presented user name and password.</summary>
internal enum FirmwareCredentialCheck
{
    /// <summary>A live credential for this image: serve it.</summary>
    Accepted,

    /// <summary>A live credential, but for another image: 403.</summary>
    OtherImage,

    /// <summary>Unknown, wrong or expired: 401 and ask again.</summary>
    Refused,
}
