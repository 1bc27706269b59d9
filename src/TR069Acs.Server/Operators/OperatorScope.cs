using System.Text.Json;

namespace TR069Acs.Server.Operators;

/// <summary>The devices an operator or viewer may see: those carrying at least one of <see cref="Tags"/>. An
/// unrestricted scope (<see cref="Tags"/> null) sees every device. Admins are never restricted.</summary>
public sealed record OperatorScope(IReadOnlyList<string>? Tags)
{
    /// <summary>Every device.</summary>
    public static OperatorScope All { get; } = new((IReadOnlyList<string>?)null);

    /// <summary>True when the scope limits the devices.</summary>
    public bool IsRestricted => Tags is not null;

    /// <summary>True when a device with <paramref name="deviceTags"/> is inside the scope.</summary>
    public bool Allows(IEnumerable<string> deviceTags) => Tags is null || deviceTags.Any(t => Tags.Contains(t, StringComparer.Ordinal));

    /// <summary>True when <paramref name="tag"/> is one of the scope's tags (or the scope is unrestricted).</summary>
    public bool AllowsTag(string tag) => Tags is null || Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>The stored form: a JSON array, or null for every device.</summary>
    internal string? ToJson() => Tags is null ? null : JsonSerializer.Serialize(Tags);

    /// <summary>Reads the stored form.</summary>
    internal static OperatorScope FromJson(string? json)
        => string.IsNullOrEmpty(json) ? All : new OperatorScope(JsonSerializer.Deserialize<string[]>(json) ?? []);
}
