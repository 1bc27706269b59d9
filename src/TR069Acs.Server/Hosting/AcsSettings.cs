using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TR069Acs.Server.Hosting;

/// <summary>One setting of the ACS: its configuration key (<c>Acs:Limits:CwmpConnections</c>), what it holds, its default
/// and its meaning.</summary>
/// <param name="Key">The configuration key, e.g. <c>Acs:CwmpPort</c>.</param>
/// <param name="Kind">What a value must be, in words: "a whole number", "true or false", "one of Off, Bootstrap".</param>
/// <param name="Default">The default as it would be written in appsettings.json; empty when none.</param>
/// <param name="Description">The meaning, from the option's documentation.</param>
public sealed record AcsSetting(string Key, string Kind, string Default, string Description)
{
    /// <summary>The CLR type the value binds to (for value checks).</summary>
    internal Type ValueType { get; init; } = typeof(string);

    /// <summary>True for a list or map: the key takes children (<c>Acs:Firmware:TrustedKeys:0</c>).</summary>
    internal bool HasChildren { get; init; }
}

/// <summary>Every <c>Acs:*</c> setting, generated from <see cref="AcsOptions"/> and the option classes it holds (so the list
/// cannot drift from the code): keys, defaults from a fresh instance, meanings from the XML documentation shipped beside
/// the assembly.</summary>
public static partial class AcsSettings
{
    private static readonly Lazy<IReadOnlyList<AcsSetting>> Catalogue = new(Build);

    /// <summary>Every setting, in declaration order (nested groups after their parent's simple settings).</summary>
    public static IReadOnlyList<AcsSetting> All => Catalogue.Value;

    private static List<AcsSetting> Build()
    {
        var list = new List<AcsSetting>();
        Walk(typeof(AcsOptions), new AcsOptions(), AcsOptions.SectionName, list, depth: 0);
        return list;
    }

    private static void Walk(Type type, object? instance, string prefix, List<AcsSetting> list, int depth)
    {
        var groups = new List<(PropertyInfo Property, object? Value)>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length > 0 || property.SetMethod?.IsPublic != true)
            {
                continue;
            }
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = property.PropertyType;
            if (IsLeaf(propertyType))
            {
                list.Add(new AcsSetting($"{prefix}:{property.Name}", KindOf(propertyType), Format(property, value), Describe(property))
                {
                    ValueType = propertyType,
                });
            }
            else if (IsCollection(propertyType))
            {
                list.Add(new AcsSetting($"{prefix}:{property.Name}", "a list (:0, :1 …)", Format(property, value), Describe(property))
                {
                    ValueType = ElementType(propertyType),
                    HasChildren = true,
                });
            }
            else if (depth < 4 && propertyType is { IsClass: true, IsAbstract: false } && (value is not null || propertyType.GetConstructor(Type.EmptyTypes) is not null))
            {
                groups.Add((property, value ?? Activator.CreateInstance(propertyType)));
            }
            else
            {
                // Something the binder reads from one value (or a type this walk does not open): one setting.
                list.Add(new AcsSetting($"{prefix}:{property.Name}", KindOf(propertyType), Format(property, value), Describe(property))
                {
                    ValueType = propertyType,
                });
            }
        }
        foreach (var (property, value) in groups)
        {
            Walk(property.PropertyType, value, $"{prefix}:{property.Name}", list, depth + 1);
        }
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static Type ElementType(Type type)
        => type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[^1] : typeof(string);

    /// <summary>What a value of <paramref name="type"/> must look like, in an operator's words (never a .NET type name).</summary>
    internal static string KindOf(Type type)
    {
        var optional = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        var kind = type switch
        {
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
            _ when type == typeof(Uri) => "a URL",
            _ => "text",
        };
        return optional ? kind + " (or empty)" : kind;
    }

    private static string Format(PropertyInfo property, object? value)
    {
        if (value is null)
        {
            return "";
        }
        if (value is string text && text.Length > 0 && property.Name.Contains("Password", StringComparison.Ordinal))
        {
            // A documented lab value; printing it again invites keeping it.
            return "(lab value: set your own)";
        }
        return value switch
        {
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            string s => s,
            IEnumerable e => string.Join(", ", e.Cast<object?>()),
            _ => value.ToString() ?? "",
        };
    }

    private static readonly Dictionary<Assembly, Dictionary<string, string>?> Docs = [];

    private static string Describe(PropertyInfo property)
    {
        var assembly = property.DeclaringType!.Assembly;
        Dictionary<string, string>? docs;
        lock (Docs)
        {
            if (!Docs.TryGetValue(assembly, out docs))
            {
                Docs[assembly] = docs = LoadDocs(assembly);
            }
        }
        return docs is not null && docs.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var text) ? text : "";
    }

    private static Dictionary<string, string>? LoadDocs(Assembly assembly)
    {
        var path = string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml");
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        try
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in XDocument.Load(path).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && name.StartsWith("P:", StringComparison.Ordinal) && member.Element("summary") is { } summary)
                {
                    result[name] = Plain(summary);
                }
            }
            return result;
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // <c>x</c> → x, <see cref="P:…AcsOptions.FilesPort"/> → FilesPort, whitespace collapsed.
    private static string Plain(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" or "seealso" } e => ShortName(e.Attribute("cref")?.Value ?? e.Attribute("langword")?.Value ?? ""),
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value ?? "",
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
