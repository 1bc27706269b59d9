namespace TR069Acs.Server.Configuration;

/// <summary>The layers of the configuration, lowest precedence first.</summary>
internal enum ConfigScopeKind
{
    /// <summary>Every device.</summary>
    Global,

    /// <summary>Devices whose ProductClass is the model.</summary>
    Model,

    /// <summary>Devices carrying the tag.</summary>
    Tag,

    /// <summary>One device.</summary>
    Device,
}
