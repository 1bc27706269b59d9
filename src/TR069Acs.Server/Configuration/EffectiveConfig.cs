namespace TR069Acs.Server.Configuration;

/// <summary>The layered configuration of a device (or of a model): the highest-precedence value of every name, the
/// reserved settings apart.</summary>
internal sealed class EffectiveConfig
{
    private readonly Dictionary<string, EffectiveValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EffectiveValue> _settings = new(StringComparer.Ordinal);

    /// <summary>The scopes applied, lowest precedence first.</summary>
    public List<ConfigScope> Scopes { get; } = [];

    /// <summary>Flat parameters, by name.</summary>
    public IReadOnlyDictionary<string, EffectiveValue> Values => _values;

    /// <summary>Reserved settings such as <see cref="ReservedKeys.EncryptionKey"/>, by name.</summary>
    public IReadOnlyDictionary<string, EffectiveValue> Settings => _settings;

    /// <summary>True for a configuration <see cref="ConfigCache"/> hands to every request of its device (or model) until
    /// the configuration changes: what is derived from it alone (its rendered profile) may be kept with it.</summary>
    public bool IsShared { get; set; }

    /// <summary>The key served profiles are encrypted with, if any scope sets one.</summary>
    public string? EncryptionKey => _settings.TryGetValue(ReservedKeys.EncryptionKey, out var key) ? key.Value : null;

    /// <summary>Applies one scope over the ones before it.</summary>
    public void Apply(ConfigScope scope, IReadOnlyDictionary<string, string> values)
    {
        Scopes.Add(scope);
        foreach (var (name, value) in values)
        {
            (ReservedKeys.IsReserved(name) ? _settings : _values)[name] = new EffectiveValue(name, value, scope);
        }
    }
}
