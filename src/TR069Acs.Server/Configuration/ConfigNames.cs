using System.Text.Json;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Api;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Turns the <c>parameters</c> of a configuration request into validated flat values. A name is a flat name
/// (<c>GPP_A</c>, <c>User_ID_2_</c>) or a TR-069 path (<c>Device.Time.NTPServer1</c>,
/// <c>Device.X_CISCO_COM_FlatProfile.GPP_A</c>) that maps to one; values are checked and normalised by the catalogue
/// rule of the parameter (<c>yes</c> → <c>Yes</c>). A standard path that carries only part of a flat value
/// (<c>…SIP.ProxyServerPort</c> is the port of <c>Proxy_n_</c>) is accepted only with its other half in the same
/// write (host and port, in any order, make the whole <c>host:port</c>): a scope stores whole flat values, and merging
/// one half into a value that another scope sets would silently depend on layering.
/// </summary>
internal sealed partial class ConfigNames(PhoneMapping mapping)
{
    /// <summary>The catalogue model name for <paramref name="model"/> (any case), or the name as given when the
    /// catalogue does not know it.</summary>
    public string CanonicalModel(string model) => mapping.Catalogue.TryGetModel(model, out var known) ? known.Name : model;

    /// <summary>Validates the request's parameters for a scope whose devices are <paramref name="model"/> (null: any
    /// model, as for the global and tag scopes). Null values (PATCH: remove) are kept as null when
    /// <paramref name="allowNull"/>; the secret mask keeps the stored value of <paramref name="stored"/>.</summary>
    /// <exception cref="ConfigValidationException">An unknown name or an invalid value.</exception>
    public Dictionary<string, string?> Parse(JsonObject parameters, string? model, bool allowNull, IReadOnlyDictionary<string, string> stored)
    {
        var modelMapping = model is not null && mapping.TryForModel(model, out var m) ? m : null;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var halves = new List<SplitHalf>();
        foreach (var (input, node) in parameters)
        {
            var field = $"parameters.{input}";
            var name = input.Trim();
            var value = Value(node, field, allowNull);
            string flatName;
            if (ReservedKeys.IsReserved(name))
            {
                if (!ReservedKeys.IsKnown(name))
                {
                    throw new ConfigValidationException(field,
                        $"'{name}' is not a setting: names starting with '_' are reserved ({ReservedKeys.EncryptionKey}, {ReservedKeys.Drift}).");
                }
                if (value is { Length: 0 })
                {
                    throw new ConfigValidationException(field, $"'{name}' must not be empty; send null to remove it.");
                }
                if (name == ReservedKeys.Drift && value is not null)
                {
                    value = DriftModes.Normalize(value)
                        ?? throw new ConfigValidationException(field, $"'{name}' is '{value}'; expected {DriftModes.Enforce} (put drifted values back) or {DriftModes.Report} (only report them).");
                }
                flatName = name;
            }
            else if (name.Contains('.', StringComparison.Ordinal))
            {
                if (HalfOf(name, field, modelMapping) is { } half)
                {
                    halves.Add(half with { Input = input, Field = field, Value = value });
                    continue;
                }
                (flatName, value) = FromPath(name, value, field, modelMapping);
            }
            else
            {
                (flatName, value) = FromFlatName(name, value, field, modelMapping);
            }
            Add(input, field, flatName, value);
        }
        foreach (var (flatName, field, value) in JoinHalves(halves))
        {
            Add(string.Join(" and ", halves.Where(h => h.Path.Parameter.Name == flatName).Select(h => h.Input)), field, flatName, value);
        }
        return result;

        void Add(string input, string field, string flatName, string? value)
        {
            if (sources.TryGetValue(flatName, out var earlier))
            {
                throw new ConfigValidationException(field, $"'{input}' and '{earlier}' both set {flatName}; give it once.");
            }
            sources[flatName] = input;
            if (value == Secrets.Mask && stored.TryGetValue(flatName, out var kept))
            {
                value = kept;   // a GET → edit → PUT round trip keeps secrets it could not see
            }
            Files.ProfileTemplate.Check(flatName, value, field);
            result[flatName] = value;
        }
    }

    /// <summary>True when the value of <paramref name="name"/> is not shown by the API (passwords, the encryption key).</summary>
    public bool IsSecret(string name)
        => name == ReservedKeys.EncryptionKey || (mapping.Catalogue.TryGetDefinition(name, out var definition) && definition.IsSensitive);

    private (string FlatName, string? Value) FromFlatName(string name, string? value, string field, ModelMapping? model)
    {
        ValueRule rule;
        if (model is not null)
        {
            if (!model.Parameters.TryGet(name, out var parameter))
            {
                throw new ConfigValidationException(field, $"Unknown parameter {model.Parameters.DescribeUnknown(name)}.");
            }
            rule = parameter.Rule;
        }
        else if (mapping.Catalogue.TryGetDefinition(name, out var definition) && LineExists(name))
        {
            rule = definition.Rule;
        }
        else
        {
            throw new ConfigValidationException(field,
                $"Unknown parameter '{name}': neither a flat parameter of the catalogue (e.g. GPP_A, User_ID_1_) nor a TR-069 path.");
        }
        return (name, Normalize(name, value, rule, field));
    }

    private (string FlatName, string? Value) FromPath(string path, string? value, string field, ModelMapping? model)
    {
        var (mapped, owner) = Resolve(path, field, model);
        var flatName = mapped.Parameter.Name;
        if (mapped.IsPartial)
        {
            throw new ConfigValidationException(field,
                $"'{path}' carries only part of the flat parameter {flatName}; configuration stores whole flat values: set {flatName} "
                + "(e.g. host:port) by its flat name or Device.X_CISCO_COM_FlatProfile." + flatName + ".");
        }
        if (value is null)
        {
            return (flatName, null);
        }
        // Standard paths convert their TR-069 value (true → Yes, Enabled → Yes) before the flat rule applies.
        if (!owner.TryToFlat(mapped, value.Trim(), null, out var assignment, out var error))
        {
            throw new ConfigValidationException(field, $"Invalid value '{value}' for {error.Message}.");
        }
        return (flatName, assignment.Value);
    }

    /// <summary>The mapped path and the model mapping that owns it (for the global and tag scopes, the first catalogue
    /// model that maps it: a path counts when any model maps it, extension numbers differ).</summary>
    private (MappedPath Path, ModelMapping Owner) Resolve(string path, string field, ModelMapping? model)
    {
        if (model is not null)
        {
            return model.TryGetPath(path, out var mapped)
                ? (mapped, model)
                : throw new ConfigValidationException(field, $"Unknown parameter {model.DescribeUnknown(path)}.");
        }
        foreach (var phone in mapping.Catalogue.Models)
        {
            var owner = mapping.ForModel(phone);
            if (owner.TryGetPath(path, out var mapped))
            {
                return (mapped, owner);
            }
        }
        throw new ConfigValidationException(field, $"Unknown parameter '{path}': no phone model of the catalogue maps this TR-069 path.");
    }

    private bool LineExists(string name)
        => mapping.Catalogue.Models.Any(m => mapping.Catalogue.GetParameterSet(m).TryGet(name, out _));

    private static string? Normalize(string name, string? value, ValueRule rule, string field)
    {
        if (value is null)
        {
            return null;
        }
        if (value == Secrets.Mask)
        {
            return value;
        }
        value = value.Trim();
        if (rule.Type == ParameterType.Boolean && bool.TryParse(value, out var flag))
        {
            value = flag ? "Yes" : "No";   // JSON true/false for the phone's Yes/No
        }
        // A flat profile trims values (DESIGN §6); the stored form is what the phone would keep.
        if (!rule.TryNormalize(value, out var normalized, out var error))
        {
            throw new ConfigValidationException(field, $"Invalid value '{value}' for {name} ({RuleText(rule)}): {error}.");
        }
        return normalized;
    }

    private static string RuleText(ValueRule rule) => rule.Type switch
    {
        ParameterType.Integer when rule.Min is not null || rule.Max is not null => $"integer {rule.Min}..{rule.Max}",
        ParameterType.Enumeration => "one of " + string.Join("|", rule.Values),
        _ => rule.Type.ToString().ToLowerInvariant(),
    };

    private static string? Value(JsonNode? node, string field, bool allowNull) => node switch
    {
        null when allowNull => null,
        null => throw new ConfigValidationException(field, $"'{field}' is null; null removes a key only in PATCH (PUT replaces the whole scope)."),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new ConfigValidationException(field, $"'{field}' must be a string, a number, a boolean or null."),
        },
        _ => throw new ConfigValidationException(field, $"'{field}' must be a string, a number, a boolean or null."),
    };
}
