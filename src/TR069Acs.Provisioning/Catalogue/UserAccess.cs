namespace TR069Acs.Provisioning.Catalogue;

/// <summary>The <c>ua</c> attribute of a flat parameter: what the phone's user (not the administrator) may do with it.</summary>
public enum UserAccess : byte
{
    /// <summary><c>na</c>: hidden from the user.</summary>
    NoAccess = 1,

    /// <summary><c>ro</c>: shown to the user, not editable.</summary>
    ReadOnly = 2,

    /// <summary><c>rw</c>: shown to the user and editable.</summary>
    ReadWrite = 3,
}

/// <summary>The text form of <see cref="UserAccess"/> used in flat profiles.</summary>
public static class UserAccessText
{
    /// <summary>Parses <c>na</c>, <c>ro</c> or <c>rw</c> (any case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out UserAccess access)
    {
        access = text switch
        {
            _ when text.Equals("na", StringComparison.OrdinalIgnoreCase) => UserAccess.NoAccess,
            _ when text.Equals("ro", StringComparison.OrdinalIgnoreCase) => UserAccess.ReadOnly,
            _ when text.Equals("rw", StringComparison.OrdinalIgnoreCase) => UserAccess.ReadWrite,
            _ => default,
        };
        return access != default;
    }

    /// <summary>The attribute value for <paramref name="access"/>.</summary>
    public static string ToText(UserAccess access) => access switch
    {
        UserAccess.ReadOnly => "ro",
        UserAccess.ReadWrite => "rw",
        _ => "na",
    };
}
