namespace TR069Acs.Server.Configuration;

/// <summary>One configuration scope: its layer and key (empty for global, the model name, the tag or the device id).</summary>
internal readonly record struct ConfigScope(ConfigScopeKind Kind, string Key)
{
    /// <summary>The global scope.</summary>
    public static ConfigScope Global { get; } = new(ConfigScopeKind.Global, "");

    /// <summary>The column value of <see cref="Kind"/>.</summary>
    public string KindName => Kind switch
    {
        ConfigScopeKind.Global => "global",
        ConfigScopeKind.Model => "model",
        ConfigScopeKind.Tag => "tag",
        _ => "device",
    };

    /// <summary>How the API names the scope a value came from: <c>global</c>, <c>model:CP-8841-3PCC</c>, <c>tag:lab</c>, <c>device</c>.</summary>
    public override string ToString() => Kind switch
    {
        ConfigScopeKind.Global => "global",
        ConfigScopeKind.Device => "device",
        _ => $"{KindName}:{Key}",
    };
}
