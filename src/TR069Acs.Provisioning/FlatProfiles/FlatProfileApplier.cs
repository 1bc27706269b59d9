using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>
/// Applies a parsed profile to a phone's <see cref="FlatValues"/>: each valid entry is stored (normalized) with its
/// <c>ua</c>; an unknown name, a missing extension or an invalid value is skipped and reported while the rest
/// applies (issue 3 §2). Parse first, apply second: a profile that does not parse never reaches this point.
/// </summary>
public static class FlatProfileApplier
{
    /// <summary>Applies <paramref name="profile"/> to <paramref name="values"/>.</summary>
    public static ApplyResult Apply(FlatProfile profile, FlatValues values)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(values);
        var parameters = values.Parameters;
        var applied = new List<AppliedValue>(profile.Entries.Count);
        var skipped = new List<SkippedEntry>();
        foreach (var entry in profile.Entries)
        {
            if (!parameters.TryGet(entry.Name, out var parameter))
            {
                skipped.Add(new SkippedEntry(
                    entry,
                    parameters.IsMissingExtension(entry.Name) ? SkipReason.MissingExtension : SkipReason.UnknownParameter,
                    parameters.DescribeUnknown(entry.Name)));
                continue;
            }

            if (parameter.IsSensitive && entry.Value == FlatProfileWriter.SecretMask)
            {
                skipped.Add(new SkippedEntry(entry, SkipReason.MaskedSecret, $"{entry.Name}: masked secret from an export, current value kept"));
                ApplyAccess(values, parameter, entry);
                continue;
            }

            var old = values[parameter];
            if (!values.TrySet(parameter, entry.Value, out _, out var error))
            {
                var shown = parameter.IsSensitive ? "the secret value" : $"'{Shorten(entry.Value)}'";
                skipped.Add(new SkippedEntry(entry, SkipReason.InvalidValue, $"{entry.Name}: {shown} refused: {error}"));
                continue;
            }

            ApplyAccess(values, parameter, entry);
            applied.Add(new AppliedValue(parameter, old, values[parameter]));
        }

        return new ApplyResult(applied, skipped, profile.Warnings);
    }

    private static void ApplyAccess(FlatValues values, FlatParameter parameter, FlatProfileEntry entry)
    {
        if (entry.Access is UserAccess access)
        {
            values.SetAccess(parameter, access);
        }
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
