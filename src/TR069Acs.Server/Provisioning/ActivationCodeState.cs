namespace TR069Acs.Server.Provisioning;

/// <summary>Where an activation code is in its life.</summary>
internal enum ActivationCodeState
{
    /// <summary>Not used, not expired, not revoked: a phone may activate with it.</summary>
    Unused,

    /// <summary>A phone activated with it; it is bound to that device.</summary>
    Used,

    /// <summary>Its expiry passed unused.</summary>
    Expired,

    /// <summary>The operator revoked it unused.</summary>
    Revoked,
}
