namespace TR069Acs.Server.Configuration;

/// <summary>What the ACS knows a phone holds of one configured flat parameter (a row of <c>device_config_state</c>).</summary>
internal sealed class PhoneConfigState
{
    public string Name { get; init; } = "";

    /// <summary>The flat value (plaintext; a secret is decrypted when read).</summary>
    public string Value { get; set; } = "";

    /// <summary><see cref="PhoneValueOrigin"/> as text.</summary>
    public string Origin { get; set; } = "";

    /// <summary>True when the phone reported <see cref="Value"/> while its desired value was another one.</summary>
    public bool Drifted { get; set; }

    /// <summary>When the phone was last known to hold <see cref="Value"/> (Unix ms).</summary>
    public long Seen { get; set; }

    /// <summary>When the phone last held its desired value (Unix ms; 0: never).</summary>
    public long Confirmed { get; set; }
}

/// <summary>How the ACS learnt what a phone holds.</summary>
internal static class PhoneValueOrigin
{
    /// <summary>A SetParameterValues the phone accepted.</summary>
    public const string Set = "set";

    /// <summary>An Inform (forced parameters, <c>4 VALUE CHANGE</c>).</summary>
    public const string Inform = "inform";

    /// <summary>A GetParameterValues answer.</summary>
    public const string Read = "read";
}

/// <summary>Where a configured value stands on the phone, as <c>GET /api/devices/{id}/config</c> shows it.</summary>
internal static class ConfigValueStatus
{
    /// <summary>The phone holds the desired value.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The ACS has not seen the phone hold it yet: it is queued, or goes out in the phone's next session.</summary>
    public const string Pending = "pending";

    /// <summary>The phone reported another value (changed on the phone): put back (<c>enforce</c>) or only reported (<c>report</c>).</summary>
    public const string Drifted = "drifted";
}
