using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Agent.Flat;

/// <summary>Loads <see cref="PhoneOptions.ConfigFile"/>: the fleet's factory settings as a flat profile (plain or
/// gzip). Factory settings are strict: any problem is reported as an option error.</summary>
internal static class FactoryProfile
{
    /// <summary>The profile's validated values, or null without a config file.</summary>
    /// <exception cref="ArgumentException">The file is unreadable, malformed, or names an unknown parameter or a bad
    /// value; the message says which.</exception>
    public static List<KeyValuePair<FlatParameter, string>>? Load(PhoneOptions options, ModelParameterSet parameters)
    {
        if (options.ConfigFile is not { } path)
        {
            return null;
        }
        IReadOnlyList<FlatProfileEntry> entries;
        try
        {
            entries = FlatProfileReader.Parse(ProfileCodec.Decode(File.ReadAllBytes(path), key: null).Content).Entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ProfileCodecException)
        {
            throw new ArgumentException($"Config file '{path}': {e.Message}", nameof(options), e);
        }
        var values = new List<KeyValuePair<FlatParameter, string>>(entries.Count);
        foreach (var entry in entries)
        {
            if (!parameters.TryGet(entry.Name, out var parameter))
            {
                throw new ArgumentException($"Config file '{path}' line {entry.Line}: {parameters.DescribeUnknown(entry.Name)}", nameof(options));
            }
            if (!parameter.Rule.TryNormalize(entry.Value, out var normalized, out var error))
            {
                throw new ArgumentException($"Config file '{path}' line {entry.Line}: {entry.Name}: {error}", nameof(options));
            }
            values.Add(KeyValuePair.Create(parameter, normalized));
        }
        return values;
    }
}
