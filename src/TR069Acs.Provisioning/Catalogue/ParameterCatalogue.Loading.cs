using System.Reflection;
using System.Text.Json;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Provisioning.Catalogue;

public sealed partial class ParameterCatalogue
{
    /// <summary>Logical name of the embedded parameter catalogue.</summary>
    public const string CatalogueResource = "phone/catalogue.json";

    /// <summary>Logical name of the embedded model table.</summary>
    public const string ModelsResource = "phone/models.json";

    /// <summary>Loads a catalogue from JSON streams (tests, or an operator's own table).</summary>
    /// <exception cref="CatalogueException">The JSON is malformed or contradicts itself.</exception>
    public static ParameterCatalogue Load(Stream catalogueJson, Stream modelsJson)
    {
        ArgumentNullException.ThrowIfNull(catalogueJson);
        ArgumentNullException.ThrowIfNull(modelsJson);
        try
        {
            using var catalogue = JsonDocument.Parse(catalogueJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            using var models = JsonDocument.Parse(modelsJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var definitions = ReadDefinitions(catalogue.RootElement);
            var phoneModels = ReadModels(models.RootElement, definitions);
            return new ParameterCatalogue(definitions, phoneModels);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new CatalogueException("phone catalogue: " + e.Message, e);
        }
    }

    private static ParameterCatalogue LoadEmbedded()
    {
        var assembly = typeof(ParameterCatalogue).Assembly;
        using var catalogue = OpenResource(assembly, CatalogueResource);
        using var models = OpenResource(assembly, ModelsResource);
        return Load(catalogue, models);
    }

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name) ?? throw new CatalogueException($"embedded resource {name} is missing");

    private static ParameterDefinition[] ReadDefinitions(JsonElement root)
    {
        var list = new List<ParameterDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("parameters").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString() ?? throw new CatalogueException("a parameter has no name");
            if (!names.Add(name))
            {
                throw new CatalogueException($"parameter {name} is listed twice");
            }

            var rule = ReadRule(name, entry);
            var defaultValue = String(entry, "default") ?? "";
            if (!rule.TryNormalize(defaultValue, out _, out var error))
            {
                throw new CatalogueException($"{name}: the default '{defaultValue}' is invalid: {error}");
            }

            var uaText = String(entry, "ua") ?? "na";
            if (!UserAccessText.TryParse(uaText, out var access))
            {
                throw new CatalogueException($"{name}: ua '{uaText}' is not na, ro or rw");
            }

            list.Add(new ParameterDefinition(
                name,
                String(entry, "tab") ?? throw new CatalogueException($"{name}: no tab"),
                String(entry, "section") ?? "",
                rule,
                defaultValue,
                Int(entry, "defaultStep") ?? 0,
                entry.TryGetProperty("sensitive", out var sensitive) && sensitive.GetBoolean(),
                access,
                String(entry, "description"),
                ReadBindings(name, entry)));
        }

        foreach (var definition in list)
        {
            foreach (var binding in definition.Tr069)
            {
                if (binding.ReadFallback is string fallback && !names.Contains(fallback))
                {
                    throw new CatalogueException($"{definition.Name}: readFallback {fallback} is not in the catalogue");
                }

                if (binding.PathTemplate.Contains("{n}", StringComparison.Ordinal) != definition.IsPerLine)
                {
                    throw new CatalogueException($"{definition.Name}: path {binding.PathTemplate} must use {{n}} exactly when the name ends in _n_");
                }
            }
        }

        return [.. list];
    }

    private static ValueRule ReadRule(string name, JsonElement entry)
    {
        var typeText = String(entry, "type") ?? "string";
        var type = typeText switch
        {
            "string" => ParameterType.String,
            "bool" => ParameterType.Boolean,
            "int" => ParameterType.Integer,
            "enum" => ParameterType.Enumeration,
            "interval" => ParameterType.Interval,
            "hhmm" => ParameterType.HourMinute,
            "version" => ParameterType.Version,
            "intList" => ParameterType.IntegerList,
            "rule" => ParameterType.Rule,
            "condition" => ParameterType.Condition,
            "hostPort" => ParameterType.HostPort,
            "url" => ParameterType.Url,
            _ => throw new CatalogueException($"{name}: unknown type '{typeText}'"),
        };
        string[]? values = entry.TryGetProperty("values", out var v) ? [.. v.EnumerateArray().Select(e => e.GetString() ?? "")] : null;
        try
        {
            return new ValueRule(type, Long(entry, "min"), Long(entry, "max"), Int(entry, "maxLength"), values);
        }
        catch (ArgumentException e)
        {
            throw new CatalogueException($"{name}: {e.Message}", e);
        }
    }

    private static Tr069Binding[] ReadBindings(string name, JsonElement entry)
    {
        if (!entry.TryGetProperty("tr069", out var array))
        {
            return [];
        }

        var list = new List<Tr069Binding>();
        foreach (var b in array.EnumerateArray())
        {
            var path = String(b, "path") ?? throw new CatalogueException($"{name}: a tr069 binding has no path");
            var convertText = String(b, "convert") ?? "none";
            var conversion = convertText switch
            {
                "none" => Tr069Conversion.None,
                "boolean" => Tr069Conversion.Boolean,
                "enabledDisabled" => Tr069Conversion.EnabledDisabled,
                "host" => Tr069Conversion.Host,
                "port" => Tr069Conversion.Port,
                _ => throw new CatalogueException($"{name}: unknown conversion '{convertText}'"),
            };
            var type = String(b, "type") ?? (conversion == Tr069Conversion.Boolean ? "boolean" : "string");
            list.Add(new Tr069Binding(path, type, conversion, Int(b, "defaultPort") ?? 5060, String(b, "readFallback")));
        }

        return [.. list];
    }

    private static PhoneModel[] ReadModels(JsonElement root, ParameterDefinition[] definitions)
    {
        var list = new List<PhoneModel>();
        foreach (var entry in root.GetProperty("models").EnumerateArray())
        {
            var name = String(entry, "name") ?? throw new CatalogueException("a model has no name");
            var lines = Int(entry, "lines") ?? throw new CatalogueException($"{name}: no line count");
            if (lines is < 1 or > 99)
            {
                throw new CatalogueException($"{name}: line count {lines} is outside 1-99");
            }

            var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
            if (entry.TryGetProperty("defaults", out var d))
            {
                foreach (var property in d.EnumerateObject())
                {
                    var definition = definitions.FirstOrDefault(x => x.Name == property.Name)
                        ?? throw new CatalogueException($"{name}: default for unknown parameter {property.Name}");
                    var value = property.Value.GetString() ?? "";
                    if (!definition.Rule.TryNormalize(value, out _, out var error))
                    {
                        throw new CatalogueException($"{name}: default {property.Name} '{value}' is invalid: {error}");
                    }

                    defaults[property.Name] = value;
                }
            }

            list.Add(new PhoneModel(
                name,
                String(entry, "productSeries") ?? name,
                lines,
                String(entry, "manufacturer") ?? "Cisco",
                String(entry, "oui") ?? "000E08",
                String(entry, "hardwareVersion") ?? "",
                String(entry, "softwareVersion") ?? "",
                String(entry, "firmwareFile") ?? "{v}.bin",
                String(entry, "description"),
                defaults));
        }

        if (list.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != list.Count)
        {
            throw new CatalogueException("a model is listed twice");
        }

        return [.. list];
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) ? p.GetInt32() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) ? p.GetInt64() : null;
}
