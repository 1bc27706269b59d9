using System.Globalization;

namespace TR069Acs.Server.Api;

/// <summary>Query-string numbers and flags parsed with messages that name the parameter (the framework's binder
/// would answer a bare 400).</summary>
internal static class QueryValues
{
    public static bool TryInt(string? text, string name, int min, int max, int fallback, out int value, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }
        error = $"'{name}' must be a whole number from {min} to {max}, got '{text}'.";
        return false;
    }

    public static bool TryBool(string? text, string name, out bool value, out string? error)
    {
        error = null;
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                value = false;
                return true;
            case "true" or "1":
                value = true;
                return true;
            default:
                value = false;
                error = $"'{name}' must be true or false, got '{text}'.";
                return false;
        }
    }
}
