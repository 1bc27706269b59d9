namespace TR069Acs.Server.Configuration;

/// <summary>What the ACS does when a phone reports a configured value that differs from its desired state (issue 15 §1).
/// Set per scope with the reserved key <see cref="ReservedKeys.Drift"/>; it layers like every value (device over tag over
/// model over global).</summary>
internal enum DriftMode
{
    /// <summary><c>enforce</c> (the default): the desired value is set again, in the same session.</summary>
    Enforce,

    /// <summary><c>report</c>: the difference is shown (<c>drifted</c>) and logged; the phone keeps its value.</summary>
    Report,
}

/// <summary>The text form of <see cref="DriftMode"/> as a scope stores it.</summary>
internal static class DriftModes
{
    public const string Enforce = "enforce";

    public const string Report = "report";

    /// <summary>The mode of an effective configuration: its <see cref="ReservedKeys.Drift"/> setting, else enforce.</summary>
    public static DriftMode Of(EffectiveConfig config)
        => config.Settings.TryGetValue(ReservedKeys.Drift, out var value) && value.Value == Report ? DriftMode.Report : DriftMode.Enforce;

    /// <summary>The stored form of a value an operator gave (any case), or null when it is neither mode.</summary>
    public static string? Normalize(string value) => value.Trim().ToLowerInvariant() switch
    {
        Enforce => Enforce,
        Report => Report,
        _ => null,
    };

    public static string Name(DriftMode mode) => mode == DriftMode.Report ? Report : Enforce;
}
