namespace TR069Acs.Server.Provisioning;

/// <summary>What the file server does with a profile request from a device it does not know (<c>Acs:AutoRegistration</c>).</summary>
public enum AutoRegistrationMode
{
    /// <summary>404: a device must be pre-registered (or have informed) before it gets a profile.</summary>
    Off,

    /// <summary>A device the request identifies (MAC in the name or User-Agent, serial and model in the User-Agent) is
    /// pre-registered with the tag <c>auto</c> and served its effective configuration (global, model and <c>tag:auto</c> scopes).</summary>
    Bootstrap,
}
