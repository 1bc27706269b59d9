namespace TR069Acs.Server.Configuration;

/// <summary>One key of a scope that a write changes.</summary>
/// <param name="Name">The flat name (or reserved setting).</param>
/// <param name="Change"><c>added</c>, <c>changed</c> or <c>removed</c>.</param>
/// <param name="Old">The value before (null when added); masked when secret.</param>
/// <param name="New">The value after (null when removed); masked when secret.</param>
internal sealed record ConfigChange(string Name, string Change, string? Old, string? New)
{
    /// <summary>What turns <paramref name="before"/> into <paramref name="after"/>, by name in ordinal order; values of
    /// <paramref name="isSecret"/> names are replaced by <paramref name="mask"/> (a changed secret shows only that it changed).</summary>
    public static List<ConfigChange> Between(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after,
        Func<string, bool> isSecret, string mask)
    {
        string? Shown(string name, string? value) => value is { Length: > 0 } && isSecret(name) ? mask : value;
        var changes = new List<ConfigChange>();
        foreach (var name in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(name, out var old);
            var has = after.TryGetValue(name, out var value);
            if (had && has && string.Equals(old, value, StringComparison.Ordinal))
            {
                continue;
            }
            changes.Add(new ConfigChange(name, !had ? "added" : !has ? "removed" : "changed", had ? Shown(name, old) : null, has ? Shown(name, value) : null));
        }
        return changes;
    }
}
