namespace TR069Acs.Server.Operators;

/// <summary>What an operator may do, in increasing order: each role may do everything the one below it may.</summary>
public enum OperatorRole
{
    /// <summary>Reads only; secrets are always masked.</summary>
    Viewer = 0,

    /// <summary>Devices, tasks, configuration, firmware and campaigns.</summary>
    Operator = 1,

    /// <summary>Everything, including users, tokens and the audit trail.</summary>
    Admin = 2,
}

/// <summary>The role names as the API and the database spell them.</summary>
public static class OperatorRoles
{
    /// <summary>The lower-case name: <c>admin</c>, <c>operator</c>, <c>viewer</c>.</summary>
    public static string Name(this OperatorRole role) => role switch
    {
        OperatorRole.Admin => "admin",
        OperatorRole.Operator => "operator",
        _ => "viewer",
    };

    /// <summary>Parses <c>admin</c>, <c>operator</c> or <c>viewer</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out OperatorRole role)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "admin":
                role = OperatorRole.Admin;
                return true;
            case "operator":
                role = OperatorRole.Operator;
                return true;
            case "viewer":
                role = OperatorRole.Viewer;
                return true;
            default:
                role = OperatorRole.Viewer;
                return false;
        }
    }
}
