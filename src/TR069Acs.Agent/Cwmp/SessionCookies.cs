namespace TR069Acs.Agent.Cwmp;

/// <summary>The cookies an ACS set during one session (TR-069 3.4.1: the CPE returns them on every later request of
/// the session). Per phone and per session, never shared, like the session's connection (FleetContext.CreateSessionClient).
/// Domain and Path are not checked: every request of a session goes to the same ACS URL.</summary>
internal sealed class SessionCookies
{
    private List<(string Name, string Value)>? _cookies;

    /// <summary>Takes the Set-Cookie headers of a response.</summary>
    public void Capture(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }
        foreach (var header in values)
        {
            var attributes = header.Split(';', StringSplitOptions.TrimEntries);
            var equals = attributes[0].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var name = attributes[0][..equals];
            var value = attributes[0][(equals + 1)..];
            _cookies ??= [];
            _cookies.RemoveAll(c => c.Name == name);
            if (!IsExpired(attributes))
            {
                _cookies.Add((name, value));
            }
        }
    }

    /// <summary>The Cookie header value, or null when the ACS set none.</summary>
    public string? Header => _cookies is { Count: > 0 } ? string.Join("; ", _cookies.Select(c => $"{c.Name}={c.Value}")) : null;

    // RFC 6265 §5.2.2: Max-Age=0 (or negative) deletes the cookie; an Expires date in the past does too.
    private static bool IsExpired(string[] attributes)
    {
        foreach (var attribute in attributes.AsSpan(1))
        {
            if (attribute.StartsWith("Max-Age=", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(attribute.AsSpan(8), System.Globalization.CultureInfo.InvariantCulture, out var maxAge) && maxAge <= 0)
            {
                return true;
            }
            if (attribute.StartsWith("Expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(attribute.AsSpan(8), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var expires) && expires < DateTimeOffset.UtcNow)
            {
                return true;
            }
        }
        return false;
    }
}
