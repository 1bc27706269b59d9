namespace TR069Acs.Server.Configuration;

/// <summary>One value of a device's effective configuration and the scope it came from.</summary>
internal sealed record EffectiveValue(string Name, string Value, ConfigScope Scope);
